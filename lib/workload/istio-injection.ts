/**
 * How Istio joins a namespace's pods to the mesh, as namespace labels.
 *
 * A sidecar is set up by `istio-init`, an init container that needs the NET_ADMIN and NET_RAW
 * capabilities, which the `restricted` (and `baseline`) Pod Security Standards forbid. Under those
 * levels use Istio CNI (the node agent sets up the redirection; the pods need no capabilities) or
 * ambient mode (no sidecar at all).
 */
export class IstioInjection {
  /** No Istio label: the mesh's default (no injection unless a revision tag is the default). */
  public static readonly NONE = new IstioInjection('IstioInjection.NONE', {}, false);
  /** `istio-injection: disabled`: never inject, even when the mesh would. */
  public static readonly DISABLED = new IstioInjection('IstioInjection.DISABLED', { 'istio-injection': 'disabled' }, false);
  /** `istio.io/dataplane-mode: ambient`: ambient mode, no sidecar, no init container. */
  public static readonly AMBIENT = new IstioInjection('IstioInjection.AMBIENT', { 'istio.io/dataplane-mode': 'ambient' }, false);

  /**
   * Sidecars, with Istio CNI installed on the cluster (`istioctl install --set components.cni.enabled=true`):
   * pods need no extra capabilities, so restricted pod security works. `istio-injection: enabled`, or
   * `istio.io/rev: <revision>` for a revisioned control plane.
   */
  public static sidecarWithCni(revision?: string): IstioInjection {
    return new IstioInjection('IstioInjection.sidecarWithCni()', injectionLabels(revision), false);
  }

  /** Sidecars set up by the `istio-init` container (no Istio CNI): it needs NET_ADMIN and NET_RAW, so only the privileged level admits it. */
  public static sidecarWithInitContainer(revision?: string): IstioInjection {
    return new IstioInjection('IstioInjection.sidecarWithInitContainer()', injectionLabels(revision), true);
  }

  private constructor(
    /** What the choice is, for messages. */
    public readonly description: string,
    /** The namespace labels. */
    public readonly labels: Record<string, string>,
    /** Whether the pods get an init container that needs NET_ADMIN and NET_RAW. */
    public readonly needsNetAdmin: boolean,
  ) {}
}

function injectionLabels(revision?: string): Record<string, string> {
  return revision === undefined ? { 'istio-injection': 'enabled' } : { 'istio.io/rev': revision };
}
