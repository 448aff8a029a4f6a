import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService, cookie, IstioInjection, MultiServiceRelease, RolloutNamespace, Traffic } from '../../lib';

/** Namespace of the ambient examples (enrolled in ambient mode by its RolloutNamespace). */
export const AMBIENT_NAMESPACE = 'weather-ambient';

/** The services of the release: `frontend` is the entry, `forecast` is called by it. */
export const AMBIENT_RELEASE_MEMBERS = ['frontend', 'forecast'];

const image = (service: string, v: string) => ({ name: v, image: `example/${service}:${v.slice(1)}.0.0` });

/**
 * A two-service release in Istio's ambient mode: `MultiServiceRelease` with
 * `traffic: Traffic.istioAmbient({ releaseHeader: 'x-release' })`. Namespace `weather-ambient`
 * enrolled in ambient mode (`RolloutNamespace` with `IstioInjection.AMBIENT`), one waypoint (made by
 * the entry service), no sidecars. The frontend's waypoint sets `x-release: <version>` on each
 * request it routes; the frontend copies that header onto its calls to forecast (the propagation
 * requirement, docs/istio-ambient.md), and forecast's waypoint sends `x-release: v2` to forecast v2
 * and everything else to v1. Users come in through `weather-ambient.example.com`.
 */
export class AmbientReleaseChart extends Chart {
  /** The ambient namespace. */
  public readonly namespaceObject: RolloutNamespace;
  /** The release of frontend and forecast. */
  public readonly release: MultiServiceRelease;

  constructor(scope: Construct, id: string, stage = 'testers') {
    super(scope, id, { namespace: AMBIENT_NAMESPACE, disableResourceNameHashes: true });
    this.namespaceObject = new RolloutNamespace(this, 'Namespace', { istioInjection: IstioInjection.AMBIENT });
    this.release = new MultiServiceRelease(this, 'release', {
      from: 'v1',
      to: 'v2',
      entry: {
        name: 'frontend',
        versions: [image('frontend', 'v1'), image('frontend', 'v2')],
        gateway: { name: 'weather-ambient-gateway', hosts: ['weather-ambient.example.com'] },
      },
      downstream: [{ name: 'forecast', versions: [image('forecast', 'v1'), image('forecast', 'v2')] }],
      stages: [{ name: 'testers', matches: [cookie('user', 'tester')], weight: 20 }],
      stage,
      traffic: Traffic.istioAmbient({ releaseHeader: 'x-release' }),
    });
  }
}

/** A weighted canary in ambient mode, in its own namespace (enrolled with the routing: createNamespace). */
export class AmbientCanaryChart extends Chart {
  /** The canary. */
  public readonly canary: CanaryService;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'demo4-ambient', disableResourceNameHashes: true });
    this.canary = new CanaryService(this, 'demo4', {
      name: 'demo4',
      stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
      canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
      stages: [10, 50],
      stage: 'canary-10',
      traffic: Traffic.istioAmbient({ createNamespace: true }),
    });
  }
}

/** Adds the ambient charts to `app` (namespaces `weather-ambient` and `demo4-ambient`). */
export function addAmbientExamples(app: App): void {
  new AmbientReleaseChart(app, 'weather-ambient-release');
  new AmbientCanaryChart(app, 'demo4-ambient');
}
