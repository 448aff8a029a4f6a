/** A Pod Security Standards level, enforced by Pod Security Admission through namespace labels. */
export class PodSecurityLevel {
  /** `restricted`: non-root, no capabilities but NET_BIND_SERVICE, seccomp, no privilege escalation (the library's pods meet it). */
  public static readonly RESTRICTED = new PodSecurityLevel('restricted');
  /** `baseline`: blocks known privilege escalations (host namespaces, privileged containers, most capabilities). */
  public static readonly BASELINE = new PodSecurityLevel('baseline');
  /** `privileged`: no restrictions. */
  public static readonly PRIVILEGED = new PodSecurityLevel('privileged');

  private constructor(
    /** The label value. */
    public readonly value: string,
  ) {}
}
