import { App, Chart } from 'cdk8s';
import { shareByVersion, simulate, STAGE_OVERRIDES_CONTEXT } from '../../lib';
import { NginxCanaryChart, NginxSwitchChart } from '../../examples/nginx-canary/nginx-canary';
import { expectValidManifests } from '../support/schema';
import { find, ofKind } from '../support/synth';

function synth(Ctor: new (scope: App, id: string) => Chart, id: string, stage: string): any[] {
  const app = new App();
  app.node.setContext(STAGE_OVERRIDES_CONTEXT, { [`${id}/nginx`]: stage });
  const chart = new Ctor(app, id);
  app.synthYaml(); // runs the same validation as `cdk8s synth`
  return chart.toJson();
}
const replicasOf = (m: any[]) => Object.fromEntries(ofKind(m, 'Deployment').map((d) => [d.spec.template.spec.containers[0].image, d.spec.replicas]));

describe('examples/nginx-canary reproduces seed 003 without a mesh', () => {
  const canaryStages = ['canary-25', 'canary-50', 'canary-100', 'promoted'];
  const release1 = Object.fromEntries(canaryStages.map((s) => [s, synth(NginxCanaryChart, 'nginx-canary', s)]));
  const switchStages = ['preview', 'switch', 'finalize'];
  const release2 = Object.fromEntries(switchStages.map((s) => [s, synth(NginxSwitchChart, 'nginx-switch', s)]));
  const users = (m: any[], ns: string) => shareByVersion(simulate(m, { host: 'nginx', sourceNamespace: ns }));

  test('release 1, canary-25: the seed\'s paused rollout, 3 pods of 1.26 and 1 of 1.27 behind one Service', () => {
    const m = release1['canary-25'];
    expect(replicasOf(m)).toEqual({ 'nginxinc/nginx-unprivileged:1.26.0-alpine': 3, 'nginxinc/nginx-unprivileged:1.27.0-alpine': 1 });
    expect(find(m, 'Service', 'nginx').spec.selector).toEqual({ app: 'nginx' });
    expect(users(m, 'rmh')).toEqual({ 'v1-26': 0.75, 'v1-27': 0.25 });
  });

  test('release 1, later stages: 50/50, all on 1.27, then 1.26 removed (the seed\'s resume)', () => {
    expect(users(release1['canary-50'], 'rmh')).toEqual({ 'v1-26': 0.5, 'v1-27': 0.5 });
    expect(users(release1['canary-100'], 'rmh')).toEqual({ 'v1-27': 1 });
    expect(replicasOf(release1.promoted)).toEqual({ 'nginxinc/nginx-unprivileged:1.27.0-alpine': 4 });
  });

  test('release 2, preview: `nginx` selects only 1.27 pods, `new-nginx` only the 1.28 pods (the seed\'s two Services)', () => {
    const m = release2.preview;
    expect(find(m, 'Service', 'nginx').spec.selector).toEqual({ app: 'nginx', version: 'v1-27' });
    expect(find(m, 'Service', 'new-nginx').spec.selector).toEqual({ app: 'nginx', version: 'v1-28' });
    expect(users(m, 'rmh-switch')).toEqual({ 'v1-27': 1 });
    expect(shareByVersion(simulate(m, { host: 'new-nginx', sourceNamespace: 'rmh-switch' }))).toEqual({ 'v1-28': 1 });
  });

  test('release 2, switch and finalize: users on 1.28, then 1.27 removed', () => {
    expect(users(release2.switch, 'rmh-switch')).toEqual({ 'v1-28': 1 });
    expect(users(release2.finalize, 'rmh-switch')).toEqual({ 'v1-28': 1 });
    expect(replicasOf(release2.finalize)).toEqual({ 'nginxinc/nginx-unprivileged:1.28.0-alpine': 4 });
  });

  test('release 2 starts where release 1 ends: its blue Deployment is release 1\'s promoted Deployment', () => {
    const withoutNamespace = (d: any) => ({ ...d, metadata: { ...d.metadata, namespace: undefined } });
    expect(withoutNamespace(find(release2.preview, 'Deployment', 'nginx-v1-27'))).toEqual(withoutNamespace(find(release1.promoted, 'Deployment', 'nginx-v1-27')));
  });

  test('no Istio objects, no sidecar, readiness GET / (nginx has no /health), every stage schema-valid', () => {
    const all = [...Object.values(release1).flat(), ...Object.values(release2).flat()];
    expect(all.filter((o) => o.apiVersion.startsWith('networking.istio.io'))).toEqual([]);
    for (const d of ofKind(all, 'Deployment')) {
      expect(d.spec.template.metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
      expect(d.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/');
    }
    expectValidManifests(all);
  });

  test('the unprivileged nginx runs under restricted pod security: UID 101, port 8080, emptyDirs where nginx writes', () => {
    const all = [...Object.values(release1).flat(), ...Object.values(release2).flat()];
    for (const d of ofKind(all, 'Deployment')) {
      const pod = d.spec.template.spec;
      const c = pod.containers[0];
      expect(c.image).toMatch(/^nginxinc\/nginx-unprivileged:1\.2[678]\.0-alpine$/);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 101, runAsGroup: 101 });
      expect(c.securityContext).toMatchObject({ runAsUser: 101, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(c.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
      expect(c.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }, { mountPath: '/var/cache/nginx', name: 'cache' }]);
      expect(pod.volumes).toEqual([{ emptyDir: {}, name: 'tmp' }, { emptyDir: {}, name: 'cache' }]);
    }
    for (const s of ofKind(all, 'Service')) expect(s.spec.ports[0].targetPort).toBe(8080);
  });
});
