import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { cookie, VersionedApp } from '../../lib';
import { downstreamRules, entryRules } from '../../lib/multi-service/release-rules';
import { resolveMultiServiceStages } from '../../lib/multi-service/multi-service-stages';
import { IstioAmbientRouting, pinByReleaseHeader } from '../../lib/providers/istio-ambient';

/** The stages of the example release: testers (cookie) and 20% of users on v2, then promoted. */
export const AMBIENT_RELEASE_STAGES = resolveMultiServiceStages([{ name: 'testers', matches: [cookie('user', 'tester')], weight: 20 }], true);

/** The services of the release: `frontend` is the entry, `forecast` is called by it. */
export const AMBIENT_RELEASE_MEMBERS = ['frontend', 'forecast'];

/**
 * A two-service release in Istio's ambient mode, built with the istio-ambient provider's modules
 * directly (the strategy constructs will take a `Traffic` option for it once the provider is wired
 * in): namespace `weather` enrolled in ambient mode, one waypoint, no sidecars. The frontend's
 * waypoint sets `x-release: <version>` on each request it routes; the frontend copies that header
 * onto its calls to forecast (the propagation requirement, docs/istio-ambient.md), and forecast's
 * waypoint sends `x-release: v2` to forecast v2 and everything else to v1.
 */
export class AmbientReleaseChart extends Chart {
  /** The ambient routing of each service, by service name. */
  public readonly routing: Record<string, IstioAmbientRouting> = {};

  constructor(scope: Construct, id: string, stageName = 'testers') {
    super(scope, id, { namespace: 'weather', disableResourceNameHashes: true });
    const stage = AMBIENT_RELEASE_STAGES.find((s) => s.name === stageName) ?? AMBIENT_RELEASE_STAGES[0];
    const versions = { from: 'v1', to: 'v2' };
    const running = stage.promoted ? ['v2'] : ['v1', 'v2'];
    for (const [i, service] of AMBIENT_RELEASE_MEMBERS.entries()) {
      const app = new VersionedApp(this, `${service}-app`, {
        app: service,
        versions: running.map((v) => ({ name: v, image: `example/${service}:${v.slice(1)}.0.0` })),
        sidecarInjection: false,
      });
      const rules = i === 0 ? entryRules(stage, versions) : pinByReleaseHeader(downstreamRules(stage, versions, service, AMBIENT_RELEASE_MEMBERS));
      this.routing[service] = new IstioAmbientRouting(this, `${service}-routing`, {
        service,
        appService: app.service,
        versions: running.map((v) => ({ name: v, labels: { version: v } })),
        http: rules,
        releaseHeader: 'x-release',
        waypoint: { name: 'waypoint', create: i === 0 },
        createNamespace: i === 0,
      });
    }
  }
}
