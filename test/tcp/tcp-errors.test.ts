import { Chart } from 'cdk8s';
import { HTTP_ONLY_OPTIONS, MeshRouting, TcpCanary, TcpCanaryProps, IngressDescription } from '../../lib';
import { synthErrors } from '../support/synth';

const base: TcpCanaryProps = {
  name: 'tcp-echo',
  port: 9000,
  stable: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2' },
  canary: { name: 'v2', image: 'docker.io/istio/tcp-echo-server:1.2' },
  stages: [20],
  stage: 'canary-20',
  gateway: { name: 'tcp-echo-gateway' },
};
/** Props are spread through `any` on purpose: these mistakes are type errors, the tests prove they are synth errors too. */
const errorsOf = (props: Record<string, unknown>) => synthErrors((chart: Chart) => {
  IngressDescription.describe(chart, IngressDescription.demoProfile());
  new TcpCanary(chart, 'tcp-echo', { ...base, ...props } as any);
});

describe('TcpCanary refuses HTTP-only input at synth time', () => {
  test('a header match smuggled in with `as any` names the option and the fix', () => {
    const errors = errorsOf({ matches: [{ headers: { 'x-canary': { exact: 'true' } } }] });
    expect(errors).toEqual([
      '[test/tcp-echo] option "matches" is HTTP-only: a TCP connection carries no headers, path, retries or timeouts, so TcpCanary cannot apply it. Fix: remove "matches"; for HTTP traffic use CanaryService or HeaderRoute instead.',
    ]);
  });

  test.each(HTTP_ONLY_OPTIONS)('HTTP-only option %s', (key) => {
    expect(errorsOf({ [key]: {} })).toEqual([expect.stringMatching(new RegExp(`^\\[test/tcp-echo\\] option "${key}" is HTTP-only`))]);
  });

  test('an HTTP probe path', () => {
    expect(errorsOf({ readiness: { path: '/health' } })).toEqual([
      '[test/tcp-echo] readiness.path "/health" is an HTTP probe setting, but TcpCanary probes with a TCP connect to the port. Fix: remove path from readiness.',
    ]);
    expect(errorsOf({ liveness: { path: '/live' } })).toEqual([expect.stringMatching(/liveness\.path "\/live" is an HTTP probe setting/)]);
  });

  test('a protocol that would name the ports http', () => {
    expect(errorsOf({ protocol: 'http' })).toEqual([
      '[test/tcp-echo] protocol "http" would name the Service and container ports "http", so Istio would parse the TCP stream as http and never apply the TCP routes. Fix: remove protocol: TcpCanary always names its ports "tcp".',
    ]);
  });

  test('valid input has no errors; protocol tcp and probe timings are fine', () => {
    expect(errorsOf({})).toEqual([]);
    expect(errorsOf({ protocol: 'tcp', readiness: { periodSeconds: 3 }, liveness: false })).toEqual([]);
  });

  test('shared checks apply: plan, ports, images, and host "*" on the mesh', () => {
    expect(errorsOf({ stages: [50, 20] }).join('\n')).toMatch(/lowers the canary weight from 50 to 20/);
    expect(errorsOf({ port: 70000 }).join('\n')).toMatch(/Service port 70000 is out of range/);
    expect(errorsOf({ canary: { name: 'v2', image: 'docker.io/istio/tcp-echo-server' } }).join('\n')).toMatch(/has no tag/);
    expect(errorsOf({ gateway: { name: 'tcp-echo-gateway', includeMesh: true } }).join('\n')).toMatch(/\[test\/tcp-echo\/Routing\] .*"\*".*mesh/);
  });
});

describe('MeshRouting refuses header or uri conditions on TCP rules (they would be dropped silently)', () => {
  test('one message per rule condition, naming the rule', () => {
    const errors = synthErrors((chart) => {
      new MeshRouting(chart, 'routing', {
        service: 'tcp-echo',
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
        tcp: [{ name: 'canary', matches: [{ port: 9000, headers: { 'x-canary': { exact: 'true' } }, uri: { prefix: '/' } }], split: [{ version: 'v1', weight: 100 }] }],
      });
    });
    expect(errors).toEqual([
      '[test/routing] tcp route, rule "canary" has a header and uri condition, but a TCP connection carries no headers or path, so a TCP route cannot match it. Fix: match TCP rules on port, sourceLabels or gateways only, or route this traffic with HTTP rules.',
    ]);
  });
});

describe('TcpCanary: HTTP-only options are type errors (checked by `tsc --noEmit`, which `npm test` runs first)', () => {
  test('no header matches, no probe path, no http protocol in the props type', () => {
    const props: TcpCanaryProps[] = [
      // @ts-expect-error TcpCanaryProps has no `matches`
      { ...base, matches: [{ headers: { 'x-canary': { exact: 'true' } } }] },
      // @ts-expect-error probes are TCP connects: no `path`
      { ...base, readiness: { path: '/health' } },
      // @ts-expect-error the protocol is always tcp
      { ...base, protocol: 'http' },
    ];
    expect(props.every((p) => errorsOf(p as any).length === 1)).toBe(true);
  });
});

test('the same version name for stable and canary is reported once (by the workload), not again by the routing', () => {
  const errors = errorsOf({ canary: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2' } });
  expect(errors).toEqual([expect.stringMatching(/^\[test\/tcp-echo\/App\] version name "v1" is used by two versions/)]);
});
