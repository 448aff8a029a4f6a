import { Chart } from 'cdk8s';
import { BlueGreenService, BlueGreenServiceProps, Traffic } from '../../lib';
import { synthChart, synthErrors } from '../support/synth';

const base: BlueGreenServiceProps = {
  name: 'shop',
  blue: { name: 'v1', image: 'example/shop:1.0.0' },
  green: { name: 'v2', image: 'example/shop:2.0.0' },
  stage: 'preview',
};
const errorsOf = (props: Partial<BlueGreenServiceProps> | Record<string, unknown>) => synthErrors((chart: Chart) => {
  new BlueGreenService(chart, 'shop', { ...base, ...props } as BlueGreenServiceProps);
});
const gateway = { name: 'shop-gateway', hosts: ['shop.example.com'] };

/** Each case: the bad input, and the one message it must produce (path, value and fix). One case per message. */
const cases: Array<[string, Record<string, unknown>, RegExp]> = [
  ['unknown action', { stages: ['preview', 'promote'] },
    /^\[test\/shop\] stage "promote" has action "promote", which is not a blue-green action\. Fix: use one of: preview, switch, rollback, finalize\.$/],
  ['plan not starting with preview', { stages: ['switch', 'finalize'], stage: 'switch' },
    /^\[test\/shop\] the first stage "switch" is a switch, so users would reach green before it was ever deployed and previewed\. Fix: start the plan with a 'preview' stage/],
  ['rollback not after a switch', { stages: ['preview', 'rollback'] },
    /^\[test\/shop\] stage "rollback" is a rollback, but users are already on blue after "preview" \(preview\)\. Fix: put the rollback right after a 'switch' stage, or remove it\.$/],
  ['back to blue without rollback', { stages: ['preview', 'switch', { name: 'preview-again', action: 'preview' }] },
    /^\[test\/shop\] stage "preview-again" \(preview\) sends users from green back to blue right after "switch" \(switch\) without being a rollback\. Fix: declare it as \{ name: 'preview-again', action: 'rollback' \}\.$/],
  ['finalize while users are on blue', { stages: ['preview', 'switch', 'rollback', 'finalize'] },
    /^\[test\/shop\] stage "finalize" removes blue, but users are still on blue after "rollback" \(rollback\)\. Fix: put a 'switch' stage right before finalize/],
  ['finalize not last', { stages: ['preview', 'switch', 'finalize', { name: 'again', action: 'switch' }] },
    /^\[test\/shop\] stage "finalize" \(finalize\) is followed by "again", but blue no longer exists after finalize\. Fix: make finalize the last stage\.$/],
  ['unknown traffic mode', { traffic: 'nginx-ingress' },
    /^\[test\/shop\] traffic "nginx-ingress" is not a traffic mode this construct knows\. Fix: use 'istio' .* or 'service-selector'/],
  ['preview Service named like the users\' Service', { previewServiceName: 'shop' },
    /^\[test\/shop\] previewServiceName "shop" is the name of the users' Service\. Fix: use another name, e\.g\. "shop-preview"\.$/],
  ['Istio option without Istio', { traffic: Traffic.serviceSelector(), gateway },
    /^\[test\/shop\] gateway is an Istio option, but traffic is 'service-selector', which emits no Istio objects\. Fix: remove gateway, or use traffic: Traffic\.istio\(\)\.$/],
  ['TCP with Istio HTTP routes', { protocol: 'tcp' },
    /^\[test\/shop\] protocol 'tcp' cannot be routed by traffic 'istio': .* Fix: use traffic: Traffic\.serviceSelector\(\)/],
  ['preview header name not lower-case', { previewHeader: { name: 'X-Preview', value: 'true' } },
    /^\[test\/shop\] previewHeader name "X-Preview" is not a lower-case HTTP header name\. Fix: use lower-case letters, digits and "-", e\.g\. "x-preview"\.$/],
  ['preview host without a gateway', { previewHost: 'preview.shop.example.com' },
    /^\[test\/shop\] previewHost "preview\.shop\.example\.com" needs a gateway: .* Fix: set gateway/],
  ['preview host that users call too', { gateway, previewHost: 'shop.example.com' },
    /^\[test\/shop\] previewHost "shop\.example\.com" is also a host of the gateway, so users calling it would reach green too\. Fix: use a separate host/],
  ['wildcard preview host', { gateway, previewHost: '*.example.com' },
    /^\[test\/shop\] previewHost "\*\.example\.com" is not a single DNS host name\. Fix: use a host without wildcards/],
  ['preview Service named like a version Service (gateway-api)', { traffic: Traffic.gatewayApi(), green: { name: 'preview', image: 'example/shop:2.0.0' } },
    /^\[test\/shop\] the preview Service "shop-preview" has the name of the Service of version "preview" .* Fix: set previewServiceName to another name/],
];

describe('BlueGreenService refuses bad input at synth time', () => {
  test.each(cases)('%s', (_name, props, expected) => {
    const errors = errorsOf(props);
    expect(errors.filter((e) => expected.test(e))).toHaveLength(1);
    for (const e of errors) expect(e).toMatch(/^\[test\/shop(\/[^\]]*)?\] .+ Fix: .+/);
  });

  test('valid input has no errors (so the cases above fail for their own reason)', () => {
    expect(errorsOf({})).toEqual([]);
    expect(errorsOf({ traffic: Traffic.serviceSelector(), previewHeader: false })).toEqual([]);
    expect(errorsOf({ traffic: Traffic.serviceSelector(), protocol: 'tcp' })).toEqual([]);
    expect(errorsOf({ gateway, previewHost: 'preview.shop.example.com', stages: ['preview', 'switch', 'rollback', { name: 're-switch', action: 'switch' }, 'finalize'] })).toEqual([]);
  });

  test('shared checks apply too: a latest image and an unknown stage are reported together', () => {
    const errors = errorsOf({ green: { name: 'v2', image: 'example/shop:latest' }, stage: 'go-live' });
    expect(errors.join('\n')).toMatch(/active stage "go-live" is not a stage of this rollout\. Fix: use one of: preview, switch, finalize\./);
    expect(errors.join('\n')).toMatch(/image of version "v2" "example\/shop:latest" uses the mutable "latest" tag/);
    expect(() => synthChart((chart) => { new BlueGreenService(chart, 'shop', { ...base, stage: 'go-live' }); })).toThrow(/Validation failed/);
  });
});

test('the same version name for blue and green is reported once (by the workload), not again by the routing', () => {
  const errors = errorsOf({ green: { name: 'v1', image: 'example/shop:2.0.0' } });
  expect(errors).toEqual([expect.stringMatching(/^\[test\/shop\/App\] version name "v1" is used by two versions/)]);
});
