import { Chart } from 'cdk8s';
import { CanaryService, CanaryServiceProps, ReplicaRatioOptions, Traffic } from '../../lib';
import { synthErrors } from '../support/synth';

const base: CanaryServiceProps = {
  name: 'nginx',
  stable: { name: 'v1', image: 'nginx:1.14.2' },
  canary: { name: 'v2', image: 'nginx:1.15.12' },
  stages: [25, 50],
  stage: 'canary-25',
  traffic: Traffic.replicaRatio({ totalReplicas: 4, rounding: 'exact' }),
};
/** `totalReplicas` and `replicaRounding` in a case override the options of `Traffic.replicaRatio()`. */
const errorsOf = (props: Record<string, unknown>) => synthErrors((chart: Chart) => {
  const { totalReplicas, replicaRounding, ...rest } = props;
  const options = {
    totalReplicas: 'totalReplicas' in props ? totalReplicas : 4,
    rounding: 'replicaRounding' in props ? replicaRounding : 'exact',
  } as ReplicaRatioOptions;
  new CanaryService(chart, 'nginx', { ...base, traffic: Traffic.replicaRatio(options), ...rest } as CanaryServiceProps);
});

/** Each case: the bad input, and the one message it must produce (path, value and fix). One case per message. */
const cases: Array<[string, Record<string, unknown>, RegExp]> = [
  ["'exact' refuses 10% with 3 replicas, naming the closest achievable weights", { stages: [10], stage: 'canary-10', totalReplicas: 3 },
    /^\[test\/nginx\] stage "canary-10" sends 10% to the canary, but 3 replicas can only give 0% \(0 of 3 pods\) or 33\.3% \(1 of 3 pods\), not 10% exactly \(rounding is 'exact'\)\. Fix: set totalReplicas to a multiple of 10, change the stage weight to one 3 pods can give, or set rounding: 'nearest' to accept the closest share\.$/],
  ["'nearest' refuses a stage that rounds the canary away", { stages: [10], stage: 'canary-10', totalReplicas: 3, replicaRounding: 'nearest' },
    /^\[test\/nginx\] stage "canary-10" sends 10% to the canary, which rounds to 0 of 3 pods: the canary version would get no pod and no traffic\. Fix: raise totalReplicas to at least 6, or change the stage weight\.$/],
  ['unknown rounding rule', { replicaRounding: 'up' },
    /^\[test\/nginx\] rounding "up" is not a rounding rule this construct knows\. Fix: use 'exact' or 'nearest'\.$/],
  ['replicas mode without totalReplicas', { totalReplicas: undefined },
    /^\[test\/nginx\] Traffic\.replicaRatio\(\) needs totalReplicas: every stage's replica counts are derived from it\. Fix: set totalReplicas/],
  ['totalReplicas not a positive whole number', { totalReplicas: 0 },
    /^\[test\/nginx\] totalReplicas 0 is not a whole number of 1 or more\. Fix: use an integer pod count/],
  ['replicas mode without a rounding rule', { replicaRounding: undefined },
    /^\[test\/nginx\] Traffic\.replicaRatio\(\) needs rounding: .* Fix: set rounding: 'exact' \(refuse such stages\) or 'nearest'/],
  ['per-version replicas in replicas mode', { canary: { name: 'v2', image: 'nginx:1.15.12', replicas: 1 } },
    /^\[test\/nginx\] canary\.replicas is set to 1, but with Traffic\.replicaRatio\(\) every stage derives the replica counts from totalReplicas\. Fix: remove canary\.replicas and set totalReplicas instead\.$/],
  ['Istio option in replicas mode', { gateway: { name: 'nginx-gateway', hosts: ['nginx.example.com'] } },
    /^\[test\/nginx\] gateway is an Istio option, but traffic is Traffic\.replicaRatio\(\), which emits no Istio objects\. Fix: remove gateway, or use traffic: Traffic\.istio\(\)\.$/],
];

describe('CanaryService replicas mode refuses bad input at synth time', () => {
  test.each(cases)('%s', (_name, props, expected) => {
    const errors = errorsOf(props);
    expect(errors.filter((e) => expected.test(e))).toHaveLength(1);
    for (const e of errors) expect(e).toMatch(/^\[test\/nginx(\/[^\]]*)?\] .+ Fix: .+/);
  });

  test('valid input has no errors (so the cases above fail for their own reason)', () => {
    expect(errorsOf({})).toEqual([]);
    expect(errorsOf({ stages: [10], stage: 'canary-10', totalReplicas: 10 })).toEqual([]);
    expect(errorsOf({ stages: [10], stage: 'canary-10', totalReplicas: 6, replicaRounding: 'nearest' })).toEqual([]);
  });

  test("'exact' names the smallest total that hits each weight, and the closest weights on both sides", () => {
    expect(errorsOf({ stages: [33], stage: 'canary-33', totalReplicas: 4 }).join('\n'))
      .toMatch(/33% to the canary, but 4 replicas can only give 25% \(1 of 4 pods\) or 50% \(2 of 4 pods\).*multiple of 100,/);
    expect(errorsOf({ stages: [25, 60], totalReplicas: 4 }).join('\n')).toMatch(/"canary-60" .* 50% \(2 of 4 pods\) or 75% \(3 of 4 pods\).*multiple of 5,/);
  });

  test("'nearest' also refuses a stage that rounds the stable version away", () => {
    expect(errorsOf({ stages: [90], stage: 'canary-90', totalReplicas: 3, replicaRounding: 'nearest' }).join('\n'))
      .toMatch(/stage "canary-90" sends 90% to the canary, which rounds to 3 of 3 pods: the stable version would get no pod and no traffic\. Fix: raise totalReplicas to at least 5/);
  });
});
