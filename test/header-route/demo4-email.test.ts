/**
 * Seed 001's email-domain A/B (examples/demo4, Demo4EmailAbChart): users of the company site are
 * split 50/50 between v1 and v2, everyone else stays on v1, proven with the traffic simulator.
 */
import { App } from 'cdk8s';
import { shareByVersion, simulate } from '../../lib';
import { Demo4EmailAbChart, Demo4EmailAbChartProps } from '../../examples/demo4/demo4';
import { expectValidManifests } from '../support/schema';
import { find } from '../support/synth';

/** Seed 001's regex for the site's users, as the seed writes it. */
const SEED_REGEX = '^(.*?;)?(email=[^;]*@some-company-name.com)(;.*)?$';

function synth(props: Demo4EmailAbChartProps = {}): any[] {
  const app = new App();
  const chart = new Demo4EmailAbChart(app, 'demo4-email', props);
  app.synthYaml(); // runs the same validation as `cdk8s synth`
  return chart.toJson();
}

/** Where requests with this Cookie header go, through the gateway. */
function share(m: any[], host: string, cookie?: string): Record<string, number> {
  return shareByVersion(simulate(m, { host, gateway: 'demo4-gateway', ...(cookie !== undefined ? { headers: { cookie } } : {}) }));
}

/** The manifests with the cookie regex replaced by the seed's. */
function withSeedRegex(m: any[]): any[] {
  const copy = JSON.parse(JSON.stringify(m));
  find(copy, 'VirtualService', 'demo4').spec.http[0].match[0].headers.cookie.regex = SEED_REGEX;
  return copy;
}

describe('examples/demo4: seed 001 email-domain A/B', () => {
  const m = synth();
  const host = 'email.demo4.a.com';

  test('company users are split 50/50, lookalike domains and requests without the cookie get v1', () => {
    expect(share(m, host, 'session=1; email=ann@some-company-name.com')).toEqual({ v1: 0.5, v2: 0.5 });
    expect(share(m, host, 'email=ann@some-company-name.com')).toEqual({ v1: 0.5, v2: 0.5 });
    expect(share(m, host, 'email=ann@some-company-nameXcom')).toEqual({ v1: 1 });
    expect(share(m, host, 'xemail=ann@some-company-name.com')).toEqual({ v1: 1 });
    expect(share(m, host, 'email=ann@other.com')).toEqual({ v1: 1 });
    expect(share(m, host)).toEqual({ v1: 1 });
  });

  test('the seed regex in the same VirtualService fails both cases: a space after ";", an unescaped dot', () => {
    const seed = withSeedRegex(m);
    expect(share(seed, host, 'session=1; email=ann@some-company-name.com')).toEqual({ v1: 1 });
    expect(share(seed, host, 'email=ann@some-company-nameXcom')).toEqual({ v1: 0.5, v2: 0.5 });
    expect(share(seed, host)).toEqual({ v1: 1 });
  });

  test('with the seed namespace and host it renders the seed VirtualService (with the fixed regex)', () => {
    const seedLike = synth({ namespace: 'test1', host: 'demo4.a.com' });
    const vs = find(seedLike, 'VirtualService', 'demo4');
    expect(vs.metadata.namespace).toBe('test1');
    expect(vs.spec.hosts).toEqual(['demo4.a.com']);
    expect(vs.spec.gateways).toEqual(['demo4-gateway']);
    const h = 'demo4.test1.svc.cluster.local';
    expect(vs.spec.http.map((r: any) => r.route)).toEqual([
      [{ destination: { host: h, subset: 'v1' }, weight: 50 }, { destination: { host: h, subset: 'v2' }, weight: 50 }],
      [{ destination: { host: h, subset: 'v1' }, weight: 100 }],
    ]);
    expect(share(seedLike, 'demo4.a.com', 'session=1; email=ann@some-company-name.com')).toEqual({ v1: 0.5, v2: 0.5 });
  });

  test('schema-valid and byte-identical twice', () => {
    expect(JSON.stringify(synth())).toBe(JSON.stringify(m));
    expectValidManifests(m);
  });
});
