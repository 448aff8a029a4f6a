import { App } from 'cdk8s';
import { AmbientReleaseChart } from '../../../examples/ambient/ambient';
import { crossesVersions, simulateAmbientChain } from '../../../lib/providers/istio-ambient';
import { expectValidManifests } from '../../support/schema';
import { find } from '../../support/synth';

function synth(stage?: string): any[] {
  const app = new App();
  const chart = new AmbientReleaseChart(app, 'ambient', stage);
  app.synthYaml(); // the validation of `cdk8s synth`
  return chart.toJson();
}

describe('examples/ambient: a two-service release pinned by x-release', () => {
  test('testers stage: valid objects; 80% v1 > v1, 20% v2 > v2; testers v2 > v2; never crossing', () => {
    const m = synth('testers');
    expectValidManifests(m);
    expect(find(m, 'Namespace', 'weather').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(m.filter((o) => o.kind === 'Gateway').map((o) => o.metadata.name)).toEqual(['waypoint']);
    const r = simulateAmbientChain(m, { host: 'frontend' }, ['forecast']);
    expect(r.paths.map((p) => [p.hops.map((h) => h.version).join('>'), p.probability])).toEqual([['v1>v1', 0.8], ['v2>v2', 0.2]]);
    expect(simulateAmbientChain(m, { host: 'frontend', cookies: { user: 'tester' } }, ['forecast']).paths.map((p) => p.probability)).toEqual([1]);
    expect(r.paths.some(crossesVersions)).toBe(false);
  });

  test('promoted: only v2 runs and serves everything', () => {
    const m = synth('promoted');
    expectValidManifests(m);
    expect(m.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['frontend-v2', 'forecast-v2']);
    const r = simulateAmbientChain(m, { host: 'frontend' }, ['forecast']);
    expect(r.paths.map((p) => [p.hops.map((h) => h.version).join('>'), p.probability])).toEqual([['v2>v2', 1]]);
  });
});
