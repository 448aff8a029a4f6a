/** When the kubelet pulls the image (`imagePullPolicy`). */
export class PullPolicy {
  /** Pull only when the node does not have the image (right for pinned tags and digests). */
  public static readonly IF_NOT_PRESENT = new PullPolicy('IfNotPresent');
  /** Pull on every container start (the registry must be reachable for every restart). */
  public static readonly ALWAYS = new PullPolicy('Always');
  /** Never pull: the image must already be on the node. */
  public static readonly NEVER = new PullPolicy('Never');

  private constructor(
    /** The `imagePullPolicy` value. */
    public readonly value: string,
  ) {}
}
