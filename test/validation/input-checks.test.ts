/**
 * The input checks of issue 11, beyond their catalogue entries: where they must NOT fire (HPA, replica
 * ratio, no sidecar, a valid registry host in upper case), and the grammar tables they follow.
 */
import { App, Chart } from 'cdk8s';
import {
  CanaryService, CanaryServiceProps, collectValidationErrors, DedicatedIngressGateway, fromSourceLabels, HeaderRoute, IngressGateway, Traffic, VersionedDeployment,
} from '../../lib';
import { imageReferenceProblem } from '../../lib/validation/image-reference';
import { isLabelKey, isLabelValue } from '../../lib/validation/labels';

const BASE: CanaryServiceProps = {
  name: 'demo4',
  stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
  canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
  stages: [10, 50],
  stage: 'canary-10',
};

function errors(define: (chart: Chart) => void, namespace = 'test1'): string[] {
  const app = new App();
  define(new Chart(app, 'c', { namespace }));
  return collectValidationErrors(app);
}

const canaryErrors = (over: Partial<CanaryServiceProps>, namespace?: string) => errors((c) => new CanaryService(c, 'demo4', { ...BASE, ...over }), namespace);

describe('zero replicas while the stage routes to the version (IST0173)', () => {
  const zero = { ...BASE.canary, replicas: 0 };

  test('a weight above 0 fires; the same version at weight 0 does not', () => {
    expect(canaryErrors({ canary: zero })).toEqual([expect.stringMatching(/^\[c\/demo4\] version "v2" of "demo4" runs 0 replicas \(Deployment "demo4-v2"\), but the stage still routes to it \(weight 10 in route, rule 1\)/)]);
    expect(canaryErrors({ canary: zero, stages: [0, 10], stage: 'canary-0' })).toEqual([]);
  });

  test('a mirror target fires', () => {
    expect(canaryErrors({ canary: zero, stages: [{ name: 'shadow-10', canaryWeight: 0, mirror: 10 }, 10], stage: 'shadow-10' }))
      .toEqual([expect.stringMatching(/runs 0 replicas .*but the stage still routes to it \(mirror of route, rule 1\)/)]);
  });

  test('the stable version scaled to 0 fires too, with every provider that renders routes (Gateway API)', () => {
    expect(canaryErrors({ stable: { ...BASE.stable, replicas: 0 }, traffic: Traffic.gatewayApi() }))
      .toEqual([expect.stringMatching(/^\[c\/demo4\] version "v1" of "demo4" runs 0 replicas .*\(weight 90 in route, rule 1\)/)]);
  });

  test('a header route target fires', () => {
    const errs = errors((c) => new HeaderRoute(c, 'forecast', {
      name: 'forecast',
      versions: [{ name: 'v1', image: 'weather/forecast:1.0.0' }, { name: 'v2', image: 'weather/forecast:2.0.0', replicas: 0 }],
      stages: [{ name: 's', routes: [{ matches: [fromSourceLabels({ app: 'web' })], to: 'v2' }], default: 'v1' }],
      stage: 's',
    }));
    expect(errs).toEqual([expect.stringMatching(/version "v2" of "forecast" runs 0 replicas .*\(weight 100 in /)]);
  });

  test('a HorizontalPodAutoscaler (no spec.replicas) and replica-ratio traffic (a split by pod counts) do not fire', () => {
    // With an HPA the Deployment renders no spec.replicas, so the check has no count to judge.
    const app = new App();
    const canary = new CanaryService(new Chart(app, 'c', { namespace: 'test1' }), 'demo4', { ...BASE, canary: { ...BASE.canary, autoscaling: { minReplicas: 1, maxReplicas: 3 } } });
    const deployments = canary.node.findAll().filter((x): x is VersionedDeployment => x instanceof VersionedDeployment);
    expect(deployments.map((d) => [d.name, d.replicas])).toEqual([['demo4-v1', 1], ['demo4-v2', undefined]]);
    expect(collectValidationErrors(app)).toEqual([]);
    // Replica ratio sets a version's pods to 0 at the stages that give it no traffic.
    expect(canaryErrors({ stages: [0, 10], stage: 'canary-0', traffic: Traffic.replicaRatio({ totalReplicas: 10, rounding: 'exact' }) })).toEqual([]);
    expect(canaryErrors({ traffic: Traffic.replicaRatio({ totalReplicas: 10, rounding: 'exact' }) })).toEqual([]);
  });
});

describe('the sidecar UID 1337 (IST0144)', () => {
  test('fires with a sidecar, not without one', () => {
    expect(canaryErrors({ runAsUser: 1337 })).toHaveLength(2);
    expect(canaryErrors({ runAsUser: 1337, sidecarInjection: false })).toEqual([]);
    expect(canaryErrors({ runAsUser: 1338 })).toEqual([]);
  });
});

describe('chart namespace', () => {
  test('a chart namespace that is no DNS-1123 label fails every construct that reads it, with its path', () => {
    expect(canaryErrors({}, 'My_NS')).toEqual([expect.stringMatching(/^\[c\/demo4\] the namespace "My_NS" of chart "c" is not a valid DNS-1123 label: .*"<service>\.My_NS\.svc\.cluster\.local".* \(e\.g\. "my-ns"\)\.$/)]);
    expect(errors((c) => new IngressGateway(c, 'gw', { name: 'shared' }), 'My_NS')).toEqual([expect.stringMatching(/^\[c\/gw\] the namespace "My_NS" of chart "c"/)]);
    expect(errors((c) => new DedicatedIngressGateway(c, 'gw', { name: 'edge', ports: [8080] }), 'My_NS')).toEqual([expect.stringMatching(/^\[c\/gw\] the namespace "My_NS" of chart "c"/)]);
  });

  test('an IngressGateway with its own valid namespace does not read the chart namespace', () => {
    expect(errors((c) => new IngressGateway(c, 'gw', { name: 'shared', namespace: 'istio-system' }), 'My_NS')).toEqual([]);
  });

  test('a valid namespace, and no namespace, pass', () => {
    expect(canaryErrors({}, 'shop-1')).toEqual([]);
    const app = new App();
    new CanaryService(new Chart(app, 'c'), 'demo4', BASE);
    expect(collectValidationErrors(app)).toEqual([]);
  });
});

describe('image reference grammar (distribution reference)', () => {
  test.each([
    'nginx:1.25', 'registry.example.com/team/app:1.2.3', 'Registry.Example.com/team/app:1.2', 'localhost:5000/a/b:1', 'my_app:1', 'my__app:1', 'my--app:1',
    `nginx@sha256:${'a'.repeat(64)}`, `nginx:1.2@sha256:${'a'.repeat(64)}`,
  ])('accepts %s', (image) => {
    expect(imageReferenceProblem(image, 'image')).toBeUndefined();
  });

  test.each([
    ['Registry.io/Team/App:1.2', /upper-case letters in its repository path.*Fix: write the repository path in lower case: "Registry\.io\/team\/app:1\.2"\.$/s],
    ['App:1', /upper-case letters.*"app:1"/s],
    ['my___app:1', /is not a valid image reference \(invalid reference format\)/],
    ['team//app:1', /is not a valid image reference/],
    ['-app:1', /is not a valid image reference/],
    ['nginx@sha256:abc', /is not a valid image reference/],
    ['registry.example.com:x/app:1', /is not a valid image reference/],
  ])('refuses %s', (image, message) => {
    const p = imageReferenceProblem(image, 'image');
    expect(`${p?.message} Fix: ${p?.fix}`).toMatch(message);
  });

  test('checked with allowMutableImageTag too (it relaxes the tag, not the grammar)', () => {
    expect(canaryErrors({ allowMutableImageTag: true, canary: { name: 'v2', image: 'Team/App' } })).toEqual([expect.stringMatching(/upper-case letters in its repository path/)]);
  });
});

describe('label keys and values (sourceLabels)', () => {
  test.each([['app', true], ['app.kubernetes.io/name', true], ['A_b.c-d', true], [`${'k'.repeat(63)}`, true], [`${'k'.repeat(64)}`, false],
    ['Example.com/x', false], ['/x', false], ['x/', false], ['a b', false], ['-a', false], ['a/b/c', false]] as const)('key %s: %s', (key, ok) => {
    expect(isLabelKey(key)).toBe(ok);
  });

  test.each([['', true], ['v2', true], ['V2.1_a-b', true], [`${'v'.repeat(63)}`, true], [`${'v'.repeat(64)}`, false], ['a/b', false], ['a.', false], ['a b', false]] as const)('value %s: %s', (value, ok) => {
    expect(isLabelValue(value)).toBe(ok);
  });
});
