/**
 * The full OpenAPI schemas of the vendored CRDs accept every Istio, Gateway API, Flagger and Argo Rollouts
 * object of every stage of every example (both traffic APIs), and refuse bad ones.
 */
import { everyExampleObject } from '../analyzers/examples-adapter';
import { openApiErrors } from './openapi';

const objects = everyExampleObject();
const one = (kind: string, api: string) => structuredClone(objects.find((o) => o.kind === kind && String(o.apiVersion).startsWith(api)));

test('every example object with a vendored CRD is valid against its whole schema', () => {
  expect(openApiErrors(objects)).toEqual([]);
});

test('types, enums, required fields, patterns, lengths and unknown fields are refused', () => {
  const vs = one('VirtualService', 'networking.istio.io/');
  vs.spec.http[0].route[0].weight = 'ten';
  vs.spec.http[0].colour = 'red';
  const gw = one('Gateway', 'gateway.networking.k8s.io/');
  gw.spec.listeners[0].name = 'Bad_Name';
  delete gw.spec.gatewayClassName;
  gw.spec.listeners[0].port = 70000;
  const errors = openApiErrors([vs, gw]);
  expect(errors.some((e) => e.includes('/spec/http/0/route/0/weight must be integer'))).toBe(true);
  expect(errors.some((e) => e.includes('must NOT have additional properties (colour)'))).toBe(true);
  expect(errors.some((e) => e.includes("must have required property 'gatewayClassName'"))).toBe(true);
  expect(errors.some((e) => e.includes('/spec/listeners/0/name must match pattern'))).toBe(true);
  expect(errors.some((e) => e.includes('/spec/listeners/0/port must be <= 65535'))).toBe(true);
});
