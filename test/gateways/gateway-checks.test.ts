/**
 * The gaps of issue 11 that the catalogue entries do not show on their own: which near misses pass and
 * which fail (shadowed matches, host labels over 63 characters, gateways on a dedicated or described ingress).
 */
import { Chart } from 'cdk8s';
import { CanaryService, DedicatedIngressGateway, IngressDescription, MeshRouting, RouteRule, TcpCanary } from '../../lib';
import { VALID_CANARY } from '../catalogue/entries/canary';
import { VALID_TCP } from '../catalogue/entries/tcp';
import { synthErrors } from '../support/synth';

const SUBSETS = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];
const to = (version: string) => [{ version, weight: 100 }];
const routingErrors = (http: RouteRule[]) => synthErrors((chart: Chart) => {
  new MeshRouting(chart, 'routing', { service: 'demo4', subsets: SUBSETS, http });
});

describe('shadowed matches (IST0130/IST0131)', () => {
  test('a repeated match and a prefix under an earlier prefix fail; the narrower prefix first passes', () => {
    expect(routingErrors([
      { matches: [{ headers: { 'x-user': { exact: 'a' } } }], split: to('v2') },
      { matches: [{ headers: { 'x-user': { exact: 'a' } } }], split: to('v1') },
      { split: to('v1') },
    ]).join('\n')).toMatch(/rule 2, match 1 .* is covered by match 1 of route, rule 1/);
    expect(routingErrors([
      { matches: [{ uri: { prefix: '/api' } }], split: to('v1') },
      { matches: [{ uri: { exact: '/api/v2/x' } }], split: to('v2') },
      { split: to('v1') },
    ])).toHaveLength(1);
    expect(routingErrors([
      { matches: [{ uri: { prefix: '/api/v2' } }], split: to('v2') },
      { matches: [{ uri: { prefix: '/api' } }], split: to('v1') },
      { split: to('v1') },
    ])).toEqual([]);
    // A match with more conditions than the earlier one is not covered the other way round.
    expect(routingErrors([
      { matches: [{ headers: { 'x-a': { exact: '1' }, 'x-b': { exact: '2' } } }], split: to('v2') },
      { matches: [{ headers: { 'x-a': { exact: '1' } } }], split: to('v1') },
      { split: to('v1') },
    ])).toEqual([]);
  });
});

describe('host names', () => {
  test('a DNS label over 63 characters fails even though the name is under 253', () => {
    const long = `${'a'.repeat(64)}.example.com`;
    const errors = synthErrors((chart) => { new CanaryService(chart, 'demo4', { ...VALID_CANARY, gateway: { name: 'demo4-gateway', hosts: [long] } }); });
    expect(errors.join('\n')).toMatch(/is not a valid host name/);
    const ok = `${'a'.repeat(63)}.example.com`;
    expect(synthErrors((chart) => { new CanaryService(chart, 'demo4', { ...VALID_CANARY, gateway: { name: 'demo4-gateway', hosts: [ok] } }); })).toEqual([]);
  });
});

describe('gateway ports and conflicts', () => {
  test('31400 on the default profile fails; on a dedicated ingress exposing it, or a described demo profile, it passes', () => {
    expect(synthErrors((chart) => { new TcpCanary(chart, 'tcp-echo', VALID_TCP); }).join('\n')).toMatch(/IST0162/);
    expect(synthErrors((chart) => {
      const ingress = new DedicatedIngressGateway(chart, 'ingress', { name: 'tcp-ingress', ports: [31400] });
      new TcpCanary(chart, 'tcp-echo', { ...VALID_TCP, gateway: { name: 'tcp-echo-gateway', selector: ingress.selector } });
    })).toEqual([]);
    expect(synthErrors((chart) => {
      IngressDescription.describe(chart, IngressDescription.demoProfile());
      new TcpCanary(chart, 'tcp-echo', VALID_TCP);
    })).toEqual([]);
  });

  test('two TcpCanarys with the default port and host "*" on one ingress conflict; distinct hosts do not', () => {
    const two = (hosts: [string[], string[]]) => synthErrors((chart) => {
      IngressDescription.describe(chart, IngressDescription.demoProfile());
      new TcpCanary(chart, 'a', { ...VALID_TCP, name: 'a', gateway: { name: 'a-gateway', hosts: hosts[0], includeMesh: false } });
      new TcpCanary(chart, 'b', { ...VALID_TCP, name: 'b', gateway: { name: 'b-gateway', hosts: hosts[1], includeMesh: false } });
    });
    expect(two([['*'], ['*']]).join('\n')).toMatch(/IST0145/);
    expect(two([['a.example.com'], ['b.example.com']])).toEqual([]);
  });

  test('a wildcard Gateway beside a named host on the same port is no conflict', () => {
    expect(synthErrors((chart) => {
      new CanaryService(chart, 'cart', { ...VALID_CANARY, name: 'cart', gateway: { name: 'cart-gateway', hosts: ['*.example.com'], includeMesh: false } });
      new CanaryService(chart, 'shop', { ...VALID_CANARY, name: 'shop', gateway: { name: 'shop-gateway', hosts: ['shop.example.com'], includeMesh: false } });
    })).toEqual([]);
  });
});
