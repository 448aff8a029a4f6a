/**
 * Rendering: what the route model of a stage becomes (main Ingress, canary Ingress, annotations,
 * version Services), that the objects pass schema validation, and that output is deterministic.
 */
import { App, Chart } from 'cdk8s';
import { buildIngressNginxExample, INGRESS_NGINX_EXAMPLE_STAGES } from '../../../examples/ingress-nginx/ingress-nginx';
import {
  CANARY_ANNOTATIONS, IngressNginxInput, IngressNginxRouting, parseCookieCondition, planIngressNginx, simulateIngressNginx, toNginxHeaderPattern,
} from '../../../lib/providers/ingress-nginx';
import { cookie, cookieRegex, headerExact, headerRegex, pathPrefix } from '../../../lib/routing/match-helpers';
import { RouteRule } from '../../../lib/routing/route-model';
import { shareByVersion } from '../../../lib';
import { VersionedApp } from '../../../lib/workload/versioned-app';
import { expectValidManifests } from '../../support/schema';

const BASE: IngressNginxInput = { service: 'demo4', hosts: ['demo4.example.com'], versions: [{ name: 'v1' }, { name: 'v2' }], stable: 'v1', rules: [] };
const toV2: RouteRule['split'] = [{ version: 'v2', weight: 100 }];
const split = (v2: number) => [{ version: 'v1', weight: 100 - v2 }, { version: 'v2', weight: v2 }];

function render(props: Partial<IngressNginxInput>): any[] {
  const app = new App();
  const chart = new Chart(app, 'test', { namespace: 'test1' });
  new VersionedApp(chart, 'App', { app: 'demo4', versions: [{ name: 'v1', image: 'mritd/demo:1.0.0' }, { name: 'v2', image: 'mritd/demo:2.0.0' }] });
  new IngressNginxRouting(chart, 'Routing', { ...BASE, ...props });
  return chart.toJson();
}

const canaryOf = (m: any[]) => m.find((o) => o.kind === 'Ingress' && o.metadata.name === 'demo4-canary');
const mainOf = (m: any[]) => m.find((o) => o.kind === 'Ingress' && o.metadata.name === 'demo4');
const annotationsOf = (m: any[]) => Object.fromEntries(Object.entries(canaryOf(m)?.metadata.annotations ?? {}).map(([k, v]) => [k.replace('nginx.ingress.kubernetes.io/', ''), v]));

describe('rendering', () => {
  test.each(Object.keys(INGRESS_NGINX_EXAMPLE_STAGES))('example stage %s passes schema validation and is byte-identical on every synth', (stage) => {
    const yaml = () => { const app = new App(); buildIngressNginxExample(app, 'example', stage); return app.synthYaml(); };
    expect(yaml()).toBe(yaml());
    const app = new App();
    expectValidManifests(buildIngressNginxExample(app, 'example', stage).toJson());
  });

  test('the main Ingress routes host/path to the stable Service, the canary Ingress the same host/path to the canary Service', () => {
    const m = render({ hosts: ['demo4.example.com', '*.demo4.example.com'], rules: [{ split: split(10) }] });
    expectValidManifests(m);
    for (const [ing, svc] of [[mainOf(m), 'demo4-v1'], [canaryOf(m), 'demo4-v2']] as const) {
      expect(ing.spec.ingressClassName).toBe('nginx');
      expect(ing.spec.rules.map((r: any) => [r.host, r.http.paths[0].path, r.http.paths[0].pathType, r.http.paths[0].backend.service.name]))
        .toEqual([['demo4.example.com', '/', 'Prefix', svc], ['*.demo4.example.com', '/', 'Prefix', svc]]);
    }
    expect(mainOf(m).metadata.annotations).toBeUndefined();
    expect(annotationsOf(m)).toEqual({ 'canary': 'true', 'canary-weight': '10' });
    expect(m.filter((o) => o.kind === 'Service' && o.metadata.name.startsWith('demo4-')).map((s) => [s.metadata.name, s.spec.selector]))
      .toEqual([['demo4-v1', { app: 'demo4', version: 'v1' }], ['demo4-v2', { app: 'demo4', version: 'v2' }]]);
  });

  test('only the stable version: no canary Ingress; a canary at weight 0 keeps its Ingress with weight "0"', () => {
    expect(canaryOf(render({ rules: [{ split: [{ version: 'v1', weight: 100 }] }] }))).toBeUndefined();
    expect(annotationsOf(render({ rules: [{ split: split(0) }] }))).toEqual({ 'canary': 'true', 'canary-weight': '0' });
  });

  test('header exact -> by-header + value; header "never" to stable with "always" to the canary -> by-header alone', () => {
    expect(annotationsOf(render({ rules: [{ matches: [headerExact('x-canary', 'beta')], split: toV2 }, { split: split(20) }] })))
      .toEqual({ 'canary': 'true', 'canary-by-header': 'x-canary', 'canary-by-header-value': 'beta', 'canary-weight': '20' });
    const plain = render({ rules: [
      { matches: [headerExact('x-canary', 'never')], split: [{ version: 'v1', weight: 100 }] },
      { matches: [headerExact('x-canary', 'always')], split: toV2 },
      { matches: [cookie('canary', 'always')], split: toV2 },
      { matches: [cookie('canary', 'never')], split: [{ version: 'v1', weight: 100 }] },
      { split: split(50) },
    ] });
    expect(annotationsOf(plain)).toEqual({ 'canary': 'true', 'canary-by-cookie': 'canary', 'canary-by-header': 'x-canary', 'canary-weight': '50' });
    // A request with header never and cookie always goes to stable: the header is tested first.
    expect(shareByVersion(simulateIngressNginx(plain, { host: 'demo4.example.com', headers: { 'x-canary': 'never' }, cookies: { canary: 'always' } }))).toEqual({ v1: 1 });
  });

  test('header regex -> an anchored by-header-pattern (nginx searches, the route model matches whole values)', () => {
    const m = render({ rules: [{ matches: [headerRegex('user-agent', '.*Chrome/.*')], split: toV2 }, { split: split(0) }] });
    expect(annotationsOf(m)['canary-by-header-pattern']).toBe('^(?:.*Chrome/.*)$');
    const r = (ua: string) => shareByVersion(simulateIngressNginx(m, { host: 'demo4.example.com', headers: { 'user-agent': ua } }));
    expect(r('Mozilla/5.0 Chrome/120')).toEqual({ v2: 1 });
    expect(r('Mozilla/5.0 Firefox/120')).toEqual({ v1: 1 });
  });

  test('a common uri becomes the Ingress path: exact -> Exact, a string prefix -> ImplementationSpecific (nginx prefix location)', () => {
    const exact = render({ rules: [{ matches: [{ uri: { exact: '/login' } }], split: split(10) }] });
    expect(mainOf(exact).spec.rules[0].http.paths[0]).toMatchObject({ path: '/login', pathType: 'Exact' });
    const prefix = render({ rules: [{ matches: [{ ...headerExact('x-canary', 'on'), ...pathPrefix('/api') }], split: toV2 }, { matches: [pathPrefix('/api')], split: split(10) }] });
    expect(canaryOf(prefix).spec.rules[0].http.paths[0]).toMatchObject({ path: '/api', pathType: 'ImplementationSpecific' });
    expect(shareByVersion(simulateIngressNginx(prefix, { host: 'demo4.example.com', path: '/apix', headers: { 'x-canary': 'on' } }))).toEqual({ v2: 1 });
    expectValidManifests(prefix);
  });

  test('names, namespace, class and ports come from the input', () => {
    const m = render({ namespace: 'shop', ingressClassName: 'nginx-internal', versions: [{ name: 'v1', serviceName: 'legacy', port: 8080 }, { name: 'v2', port: 8080 }], rules: [{ split: split(5) }] });
    expect(mainOf(m).metadata.namespace).toBe('shop');
    expect(mainOf(m).spec.ingressClassName).toBe('nginx-internal');
    expect(mainOf(m).spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'legacy', port: { number: 8080 } });
    expect(m.filter((o) => o.kind === 'Service').map((s) => `${s.metadata.name}:${s.spec.ports[0].port}`)).toEqual(['demo4:80', 'legacy:8080', 'demo4-v2:8080']);
  });
});

describe('building blocks', () => {
  test('cookie() conditions are read back; other regexes are not guessed at', () => {
    expect(parseCookieCondition({ regex: cookieRegex('user', 'tester') })).toEqual({ name: 'user', value: 'tester' });
    expect(parseCookieCondition({ regex: cookieRegex('a.b', 'x+y') })).toEqual({ name: 'a.b', value: 'x+y' });
    expect(parseCookieCondition({ regex: '.*user=tester.*' })).toBeUndefined();
    expect(parseCookieCondition({ exact: 'user=tester' })).toBeUndefined();
  });
  test('header regexes: anchored; refused where RE2 and PCRE differ or the controller rejects the characters', () => {
    expect(toNginxHeaderPattern('a|b')).toEqual({ pattern: '^(?:a|b)$' });
    expect(toNginxHeaderPattern('\\pL+').reason).toMatch(/Unicode classes/);
    expect(toNginxHeaderPattern('a{,2}').reason).toMatch(/literal in RE2/);
    expect(toNginxHeaderPattern('Mozilla/5.0 .*').reason).toMatch(/rejects the characters " "/);
    expect(toNginxHeaderPattern('(a').reason).toMatch(/not a valid RE2 regex/);
  });
  test('the plan of the canary-10 stage', () => {
    expect(planIngressNginx({ ...BASE, service: 'product', rules: INGRESS_NGINX_EXAMPLE_STAGES['canary-10'] })).toEqual({
      plan: { stable: 'v1', canary: 'v2', header: { name: 'x-user-tier', value: 'premium' }, cookie: 'canary', weight: 10, weightTotal: 100, path: '/', pathType: 'Prefix' },
      problems: [],
    });
    expect(CANARY_ANNOTATIONS.weight).toBe('nginx.ingress.kubernetes.io/canary-weight');
  });
});
