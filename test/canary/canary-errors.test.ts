import { Chart } from 'cdk8s';
import { CanaryService, CanaryServiceProps } from '../../lib';
import { synthChart, synthErrors } from '../support/synth';

const base: CanaryServiceProps = {
  name: 'demo4',
  stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
  canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
  stages: [10, 50],
  stage: 'canary-10',
};
const errorsOf = (props: Partial<CanaryServiceProps>) => synthErrors((chart: Chart) => {
  new CanaryService(chart, 'demo4', { ...base, ...props } as CanaryServiceProps);
});

/** Each case: the bad input, and the one message it must produce (path, value and fix). */
const cases: Array<[string, Partial<CanaryServiceProps>, RegExp]> = [
  ['weight above 100', { stages: [10, 110], stage: 'canary-10' }, /^\[test\/demo4\] canary weight of stage "canary-110" 110 is not an integer between 0 and 100\. Fix: use a whole percentage from 0 to 100\.$/],
  ['negative weight', { stages: [{ name: 'neg', canaryWeight: -5 }], stage: 'neg' }, /canary weight of stage "neg" -5 is not an integer between 0 and 100/],
  ['fractional weight', { stages: [{ name: 'frac', canaryWeight: 12.5 }], stage: 'frac' }, /canary weight of stage "frac" 12\.5 is not an integer/],
  ['duplicate stage names', { stages: [10, { name: 'canary-10', canaryWeight: 20 }] }, /^\[test\/demo4\] stage name "canary-10" is used more than once\. Fix: give every stage a unique name\.$/],
  ['stage name not DNS-1123', { stages: [{ name: 'Canary_10', canaryWeight: 10 }], stage: 'Canary_10' }, /stage name "Canary_10" is not a valid DNS-1123 label\. Fix: use 1-63 lower-case letters/],
  ['unknown active stage', { stage: 'canary-99' }, /^\[test\/demo4\] active stage "canary-99" is not a stage of this rollout\. Fix: use one of: canary-10, canary-50, promoted\.$/],
  ['empty plan', { stages: [], stage: 'x' }, /^\[test\/demo4\] the rollout has no stages\. Fix: declare at least one stage\.$/],
  ['weights going backwards', { stages: [50, 10], stage: 'canary-50' }, /stage "canary-10" lowers the canary weight from 50 to 10 without being marked as a rollback\. Fix: .*rollback: true/],
  ['invalid app name', { name: 'Demo_4' }, /Service name "Demo_4" is not a valid DNS-1123 label/],
  ['invalid version name', { canary: { name: 'V2!', image: 'mritd/demo:2.0.0' } }, /version name "V2!" is not a valid DNS-1123 label/],
  ['same version label twice', { canary: { name: 'v1', image: 'mritd/demo:2.0.0' } }, /version name "v1" is used by two versions, so their pods carry the same labels\. Fix: give every version a distinct name/],
  ['untagged image', { canary: { name: 'v2', image: 'mritd/demo' } }, /image of version "v2" "mritd\/demo" has no tag.*Fix: pin a version \("mritd\/demo:1\.2\.3"\)/],
  ['latest tag', { canary: { name: 'v2', image: 'mritd/demo:latest' } }, /image of version "v2" "mritd\/demo:latest" uses the mutable "latest" tag\. Fix: pin a version tag or a digest/],
  ['container port out of range', { containerPort: 70000 }, /container port 70000 is out of range\. Fix: use an integer port between 1 and 65535\./],
  ['service port out of range', { servicePort: 0 }, /Service port 0 is out of range/],
  ['negative replicas', { replicas: -1 }, /replicas of version "v1" -1 is not a whole, non-negative number/],
  ['fractional replicas', { canary: { name: 'v2', image: 'mritd/demo:2.0.0', replicas: 1.5 } }, /replicas of version "v2" 1\.5 is not a whole, non-negative number/],
  ['invalid gateway host', { gateway: { name: 'demo4-gateway', hosts: ['demo4..a.com'] } }, /gateway host "demo4\.\.a\.com" is not a valid host name\. Fix: use a DNS name/],
  ['invalid gateway name', { gateway: { name: 'Demo4 Gateway', hosts: ['demo4.a.com'] } }, /gateway name "Demo4 Gateway" is not a valid DNS-1123 label/],
  ['gateway without hosts', { gateway: { name: 'demo4-gateway', hosts: [] } }, /the gateway has no hosts/],
  ['gateway port out of range', { gateway: { name: 'demo4-gateway', hosts: ['demo4.a.com'], port: 65536 } }, /gateway port 65536 is out of range/],
];

describe('CanaryService refuses bad input at synth time', () => {
  test.each(cases)('%s', (_name, props, expected) => {
    const errors = errorsOf(props);
    expect(errors.some((e) => expected.test(e))).toBe(true);
    for (const e of errors) expect(e).toMatch(/^\[test\/demo4(\/[^\]]*)?\] .+ Fix: .+/);
  });

  test('valid input has no errors (so the cases above fail for their own reason)', () => {
    expect(errorsOf({})).toEqual([]);
  });

  test('an image pinned by digest is accepted, and allowMutableImageTag is an explicit opt-in', () => {
    expect(errorsOf({ canary: { name: 'v2', image: `mritd/demo@sha256:${'a'.repeat(64)}` } })).toEqual([]);
    expect(errorsOf({ canary: { name: 'v2', image: 'mritd/demo' }, allowMutableImageTag: true })).toEqual([]);
  });

  test('a registry port is not mistaken for a tag', () => {
    expect(errorsOf({ canary: { name: 'v2', image: 'registry.local:5000/demo' } }).join('\n')).toMatch(/"registry\.local:5000\/demo" has no tag/);
  });

  test('a weight decrease marked as rollback is accepted', () => {
    expect(errorsOf({ stages: [50, { name: 'back-to-10', canaryWeight: 10, rollback: true }], stage: 'canary-50' })).toEqual([]);
  });

  test('several mistakes are reported together, and synth throws with all of them', () => {
    const props = { name: 'Demo_4', canary: { name: 'v2', image: 'mritd/demo:latest' }, stage: 'nope' };
    expect(errorsOf(props).length).toBeGreaterThanOrEqual(3);
    expect(() => synthChart((chart) => { new CanaryService(chart, 'demo4', { ...base, ...props }); }))
      .toThrow(/Validation failed with the following errors:[\s\S]*nope[\s\S]*Demo_4[\s\S]*latest/);
  });
});
