/**
 * From JavaScript a required prop can be missing: every public construct with required props names
 * its construct path and every missing prop (instead of a raw TypeError), and its list of required
 * props is the one its Props type declares (read from docs/api.md, generated from the types).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import {
  BlueGreenService, CanaryService, DedicatedIngressGateway, GatewayApiRouting, HeaderRoute, IngressGateway, IngressNginxRouting,
  IstioAmbientRouting, MeshRouting, MultiServiceRelease, RolloutAlerts, TcpCanary, VersionedApp,
} from '../../lib';
import { missingPropsProblem } from '../../lib/validation/required-props';

type Ctor = new (scope: any, id: string, props: any) => unknown;
const CONSTRUCTS: Record<string, Ctor> = {
  BlueGreenService, CanaryService, DedicatedIngressGateway, GatewayApiRouting, HeaderRoute, IngressGateway, IngressNginxRouting,
  IstioAmbientRouting, MeshRouting, MultiServiceRelease, RolloutAlerts, TcpCanary, VersionedApp,
};

const API = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');

/** The props docs/api.md marks `required` for interface `name`. */
function requiredPropsOf(name: string): string[] {
  const section = API.split(/^### /m).find((s) => s.startsWith(`interface \`${name}\``));
  if (!section) throw new Error(`no section for ${name} in docs/api.md`);
  return [...section.matchAll(/^\| `([A-Za-z]+)` \|.*\| required \|$/gm)].map((m) => m[1]);
}

function chart(): Chart {
  return new Chart(new App(), 'c', { namespace: 'test1' });
}

describe('required props from JavaScript', () => {
  test.each(Object.keys(CONSTRUCTS))('%s with no props names its path and every required prop of its type', (name) => {
    const required = requiredPropsOf(`${name}Props`);
    expect(required.length).toBeGreaterThan(0);
    let message = '';
    try {
      new CONSTRUCTS[name](chart(), 'x', {} as any);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(`[c/x] ${name} is missing the required prop${required.length > 1 ? 's' : ''} ${required.map((r) => `"${r}"`).join(', ')}. ` +
      `Fix: pass ${required.join(', ')} in the props of new ${name}(scope, id, { ... }) (TypeScript reports this at compile time).`);
  });

  test('CanaryService without canary names only canary', () => {
    const stable = { name: 'v1', image: 'mritd/demo:1.0' };
    expect(() => new CanaryService(chart(), 'x', { name: 'a', stable, stages: [10], stage: 'canary-10' } as any))
      .toThrow(/^\[c\/x\] CanaryService is missing the required prop "canary"\. Fix: pass canary in the props/);
  });

  test('no props object at all, and null values, count as missing', () => {
    expect(() => new HeaderRoute(chart(), 'x', undefined as any)).toThrow(/^\[c\/x\] HeaderRoute was given no props object \(undefined\), so it is missing the required props "name", "versions", "stages", "stage"\./);
    expect(missingPropsProblem('X', { a: null, b: 0, c: '' }, ['a', 'b', 'c'])?.message).toBe('X is missing the required prop "a".');
    expect(missingPropsProblem('X', { a: 1 }, ['a'])).toBeUndefined();
  });
});
