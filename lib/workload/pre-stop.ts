/**
 * What runs in the container before it gets SIGTERM (`lifecycle.preStop`).
 *
 * When a pod is deleted (a promotion, a blue-green finalize, a scale-down), the endpoints controller,
 * kube-proxy and the Istio sidecars learn about it a moment after the kubelet sends SIGTERM. A short
 * sleep first keeps the pod serving until nobody routes to it any more, so the switch has no 5xx.
 */
export class PreStop {
  /**
   * Kubernetes' own sleep action (`preStop.sleep.seconds`, Kubernetes 1.30 or later): needs no
   * `sleep` binary in the image, so it works for distroless and scratch images.
   */
  public static sleep(seconds: number): PreStop {
    return new PreStop(seconds, { sleep: { seconds } });
  }

  /** `sleep <seconds>` run in the container (`preStop.exec`): any Kubernetes version, needs a `sleep` binary in the image. */
  public static execSleep(seconds: number): PreStop {
    return new PreStop(seconds, { exec: { command: ['sleep', String(seconds)] } });
  }

  /** A command run in the container (`preStop.exec.command`), e.g. `['nginx', '-s', 'quit']`. */
  public static exec(command: string[]): PreStop {
    return new PreStop(undefined, { exec: { command: [...command] } });
  }

  private constructor(
    /** Seconds the hook waits, when it is a sleep. */
    public readonly seconds: number | undefined,
    /** The `lifecycle.preStop` handler. */
    public readonly handler: Record<string, unknown>,
  ) {}
}
