import { App } from 'cdk8s';
import { AmbientCanaryChart, AmbientReleaseChart } from '../../../examples/ambient/ambient';
import { shareByVersion, simulate } from '../../../lib';
import { crossesVersions, simulateAmbientChain } from '../../../lib/providers/istio-ambient';
import { expectValidManifests } from '../../support/schema';
import { find } from '../../support/synth';

function synth(stage?: string): any[] {
  const app = new App();
  const chart = new AmbientReleaseChart(app, 'ambient', stage);
  app.synthYaml(); // the validation of `cdk8s synth`
  return chart.toJson();
}

describe('examples/ambient: a two-service release pinned by x-release (MultiServiceRelease, Traffic.istioAmbient())', () => {
  test('testers stage: valid objects; 80% v1 > v1, 20% v2 > v2; testers v2 > v2; never crossing', () => {
    const m = synth('testers');
    expectValidManifests(m);
    expect(find(m, 'Namespace', 'weather-ambient').metadata.labels['istio.io/dataplane-mode']).toBe('ambient');
    expect(m.filter((o) => o.kind === 'Gateway').map((o) => o.metadata.name)).toEqual(['waypoint', 'weather-ambient-gateway']);
    for (const d of m.filter((o) => o.kind === 'Deployment')) expect(d.spec.template.metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
    const r = simulateAmbientChain(m, { host: 'frontend' }, ['forecast']);
    expect(r.paths.map((p) => [p.hops.map((h) => h.version).join('>'), p.probability])).toEqual([['v1>v1', 0.8], ['v2>v2', 0.2]]);
    expect(simulateAmbientChain(m, { host: 'frontend', cookies: { user: 'tester' } }, ['forecast']).paths.map((p) => p.probability)).toEqual([1]);
    expect(r.paths.some(crossesVersions)).toBe(false);
    // Users through the ingress gateway get the same split (the Service sends ingress traffic through its waypoint).
    expect(shareByVersion(simulate(m, { host: 'weather-ambient.example.com', gateway: 'weather-ambient/weather-ambient-gateway' }))).toEqual({ v1: 0.8, v2: 0.2 });
  });

  test('promoted: only v2 runs and serves everything', () => {
    const m = synth('promoted');
    expectValidManifests(m);
    expect(m.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['frontend-v2', 'forecast-v2']);
    const r = simulateAmbientChain(m, { host: 'frontend' }, ['forecast']);
    expect(r.paths.map((p) => [p.hops.map((h) => h.version).join('>'), p.probability])).toEqual([['v2>v2', 1]]);
  });
});

describe('examples/ambient: a CanaryService in ambient mode', () => {
  test('10% of mesh requests reach v2; the namespace is created enrolled', () => {
    const app = new App();
    const chart = new AmbientCanaryChart(app, 'demo4-ambient');
    app.synthYaml();
    const m = chart.toJson();
    expectValidManifests(m);
    expect(find(m, 'Namespace', 'demo4-ambient').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(shareByVersion(simulate(m, { host: 'demo4', sourceNamespace: 'demo4-ambient' }))).toEqual({ v1: 0.9, v2: 0.1 });
  });
});
