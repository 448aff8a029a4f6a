/**
 * Every mistake fails synth with a message naming the construct path, the bad value and the fix.
 * One test per message.
 */
import { Chart } from 'cdk8s';
import { allOf, cookie, headerExact, headerPrefix, headerRegex, HeaderRoute, HeaderRouteProps, IngressGateway, Traffic, userAgent } from '../../lib';
import { synthErrors } from '../support/synth';

const base: HeaderRouteProps = {
  name: 'forecast',
  versions: [{ name: 'v1', image: 'weather/forecast:1.0.0' }, { name: 'v2', image: 'weather/forecast:2.0.0' }],
  stages: [{ name: 'chrome', routes: [{ matches: [userAgent({ browser: 'chrome' })], to: 'v2' }], default: 'v1' }],
  stage: 'chrome',
};
const errorsOf = (props: Partial<HeaderRouteProps>) => synthErrors((chart: Chart) => {
  new HeaderRoute(chart, 'forecast', { ...base, ...props });
});
const oneStage = (stage: HeaderRouteProps['stages'][number]): Partial<HeaderRouteProps> => ({ stages: [stage], stage: stage.name });

const cases: Array<[string, Partial<HeaderRouteProps>, RegExp]> = [
  ['no versions', { versions: [] },
    /^\[test\/forecast\] the route declares no versions\. Fix: declare the versions, e.g\./],
  ['a stage that runs nothing', oneStage({ name: 's', default: 'v1', running: [] }),
    /^\[test\/forecast\] stage "s" runs no version\. Fix: list at least one of the declared versions \(v1, v2\) in running/],
  ['a stage running an undeclared version', oneStage({ name: 's', default: 'v1', running: ['v1', 'v3'] }),
    /^\[test\/forecast\] stage "s" runs version "v3", which is not declared\. Fix: declare "v3" in versions, or run one of: v1, v2\.$/],
  ['a route to an undeclared version', oneStage({ name: 's', routes: [{ matches: [cookie('user', 'tester')], to: 'v3' }], default: 'v1' }),
    /^\[test\/forecast\] stage "s" routes to version "v3", which is not declared\. Fix: route to one of the declared versions \(v1, v2\), or declare "v3" in versions\.$/],
  ['a route to a version that does not run at the stage', oneStage({ name: 's', default: { v1: 50, v2: 50 }, running: ['v2'] }),
    /^\[test\/forecast\] stage "s" routes to version "v1", which does not run at this stage \(running: v2\)\. Fix: add "v1" to the stage's running versions/],
  ['weights not summing to 100', oneStage({ name: 's', default: { v1: 60, v2: 30 } }),
    /^\[test\/forecast\] stage "s", rule 1: the weights sum to 90 \(60 \+ 30\), not 100\. Fix: make the weights of one route add up to exactly 100\.$/],
  ['a weight out of range (one message per bad weight)', oneStage({ name: 's', default: { v1: 150, v2: -50 } }),
    /^\[test\/forecast\] stage "s", rule 1: weight of version "(v1" 150|v2" -50) is not an integer between 0 and 100\. Fix: use a whole percentage from 0 to 100\.$/],
  ['a route without conditions', oneStage({ name: 's', routes: [{ name: 'all', matches: [], to: 'v2' }], default: 'v1' }),
    /^\[test\/forecast\] stage "s", rule "all" matches every request, so the 1 rule\(s\) after it can never match \(shadowed\)\. Fix: put the catch-all rule last, or give it a match condition\.$/],
  ['a regex RE2 rejects (lookahead)', oneStage({ name: 's', routes: [{ matches: [headerRegex('user-agent', '(?!.*Edg).*Chrome.*')], to: 'v2' }], default: 'v1' }),
    /^\[test\/forecast\] stage "s", rule 1: header "user-agent" regex \/\(\?!\.\*Edg\)\.\*Chrome\.\*\/ is not a valid RE2 regular expression .* Fix: Envoy uses RE2/],
  ['an upper-case header name', oneStage({ name: 's', routes: [{ matches: [headerExact('X-Canary', 'true')], to: 'v2' }], default: 'v1' }),
    /^\[test\/forecast\] stage "s", route 1: header name "X-Canary" is not a lower-case HTTP header name\. Fix: write it in lower case \("x-canary"\)/],
  ['two conditions on one header in allOf', oneStage({ name: 's', routes: [{ matches: [allOf(userAgent({ browser: 'chrome' }), userAgent({ os: 'android' }))], to: 'v2' }], default: 'v1' }),
    /^\[test\/forecast\] stage "s", route 1: allOf\(\) puts two different conditions on header "user-agent" .* in one match\. Fix: .*userAgent\(\{ browser, os \}\)/],
  ['an invalid cookie name', oneStage({ name: 's', routes: [{ matches: [cookie('user id', 'tester')], to: 'v2' }], default: 'v1' }),
    /^\[test\/forecast\] stage "s", route 1: cookie name "user id" is not a valid cookie name, so no browser sends it and the condition never matches\. Fix: /],
  ['an invalid cookie value', oneStage({ name: 's', routes: [{ matches: [cookie('user', 'a;b')], to: 'v2' }], default: 'v1' }),
    /^\[test\/forecast\] stage "s", route 1: cookie value "a;b" of cookie "user" contains characters a cookie value cannot hold/],
  ['userAgent() without a family', oneStage({ name: 's', routes: [{ matches: [userAgent({})], to: 'v2' }], default: 'v1' }),
    /^\[test\/forecast\] stage "s", route 1: userAgent\(\) was given neither a browser nor an os, so it would match every request\. Fix: name a family/],
  ['a tcp port routed with HTTP routes', { protocol: 'tcp' },
    /^\[test\/forecast\] protocol 'tcp' names the ports "tcp", so Istio treats the traffic as plain TCP and never applies HeaderRoute's HTTP routes .* Fix: use an HTTP protocol/],
  ['the gateway host "*" bound to the mesh', { gateway: { name: 'weather-gateway', hosts: ['*'] } },
    /^\[test\/forecast\/Routing\] the gateway host "\*" cannot be bound to the mesh: Istio rejects a VirtualService with host "\*" on the "mesh" gateway\. Fix: set includeMesh: false/],
];

describe('HeaderRoute misuse fails synth with a clear error', () => {
  test.each(cases)('%s', (_, props, message) => {
    const errors = errorsOf(props);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((e) => !message.test(e))).toEqual([]);
  });

  test('a mistake in a stage that is not active still fails synth', () => {
    const errors = errorsOf({ stages: [...base.stages, { name: 'later', default: 'v3' }] });
    expect(errors).toEqual([expect.stringMatching(/^\[test\/forecast\] stage "later" routes to version "v3", which is not declared\./)]);
  });

  test('with traffic gateway-api, a stage that is not active must be expressible in the Gateway API too', () => {
    const errors = errorsOf({ traffic: Traffic.gatewayApi(), stages: [...base.stages, { name: 'iphone', routes: [{ matches: [headerPrefix('user-agent', 'Mozilla/5.0 (iPhone')], to: 'v2' }], default: 'v1' }] });
    expect(errors).toEqual([expect.stringMatching(/^\[test\/forecast\] stage "iphone", HTTP route, rule 1: header "user-agent" prefix "Mozilla\/5\.0 \(iPhone" cannot be expressed in the Gateway API.* Fix: match the header with \{ regex: /)]);
    // Active, the same stage is reported once, by the routing that renders it.
    const active = errorsOf({ traffic: Traffic.gatewayApi(), stage: 'iphone', stages: [...base.stages, { name: 'iphone', routes: [{ matches: [headerPrefix('user-agent', 'Mozilla/5.0 (iPhone')], to: 'v2' }], default: 'v1' }] });
    expect(active).toEqual([expect.stringMatching(/^\[test\/forecast\/Routing\] HTTP route, rule 1: header "user-agent" prefix/)]);
  });

  test('several mistakes are reported together', () => {
    const errors = errorsOf(oneStage({ name: 's', routes: [{ matches: [cookie('user id', 'x')], to: 'v3' }], default: { v1: 10, v2: 10 } }));
    expect(errors).toHaveLength(3);
  });

  test('an invalid plan renders no routing objects (nothing half-built to apply)', () => {
    let route!: HeaderRoute;
    synthErrors((chart) => { route = new HeaderRoute(chart, 'forecast', { ...base, ...oneStage({ name: 's', default: 'v3' }) }); });
    expect(route.routing).toBeUndefined();
    expect(route.rules).toEqual([]);
  });
});

describe('IngressGateway misuse', () => {
  const gwErrors = (define: (chart: Chart) => void) => synthErrors(define, { namespace: 'weather' });

  test('a route host the shared gateway does not serve', () => {
    const errors = gwErrors((chart) => {
      const gw = new IngressGateway(chart, 'gw', { name: 'weather-gateway', namespace: 'istio-system', hosts: ['weather.example.com'] });
      new HeaderRoute(chart, 'forecast', { ...base, gateway: gw.routeOptions({ hosts: ['shop.example.com'] }) });
    });
    expect(errors).toEqual([
      '[test/gw] route host "shop.example.com" is not served by gateway istio-system/weather-gateway (hosts: weather.example.com), so no request for it reaches the route. Fix: use one of the gateway\'s hosts, or add "shop.example.com" to the gateway\'s hosts.',
    ]);
  });

  test('a gateway without hosts', () => {
    expect(gwErrors((chart) => { new IngressGateway(chart, 'gw', { name: 'weather-gateway', hosts: [] }); })).toEqual([
      '[test/gw] the gateway has no hosts. Fix: list the hosts it serves, e.g. [\'weather.example.com\'], or [\'*\'].',
    ]);
  });

  test('an invalid namespace, name, host and port', () => {
    const errors = gwErrors((chart) => { new IngressGateway(chart, 'gw', { name: 'Weather', namespace: 'istio_system', hosts: ['a..b'], port: 0 }); });
    expect(errors).toEqual([
      expect.stringMatching(/^\[test\/gw\] gateway name "Weather" is not a valid DNS-1123 label\./),
      expect.stringMatching(/^\[test\/gw\] gateway namespace "istio_system" is not a valid DNS-1123 label\./),
      expect.stringMatching(/^\[test\/gw\] gateway port 0 is out of range\./),
      expect.stringMatching(/^\[test\/gw\] gateway host "a\.\.b" is not a valid host name\./),
    ]);
  });

  test('routeOptions: host "*" stays off the mesh by default, named hosts join it, and the Gateway is not created twice', () => {
    let star!: IngressGateway;
    let named!: IngressGateway;
    gwErrors((chart) => {
      star = new IngressGateway(chart, 'star', { name: 'star', namespace: 'istio-system' });
      named = new IngressGateway(chart, 'named', { name: 'named', hosts: ['*.example.com'] });
    });
    expect(star.routeOptions()).toEqual({ name: 'star', namespace: 'istio-system', hosts: ['*'], port: 80, create: false, includeMesh: false });
    expect(named.routeOptions({ hosts: ['a.example.com'] })).toEqual({ name: 'named', namespace: 'weather', hosts: ['a.example.com'], port: 80, create: false, includeMesh: true });
    expect(star.ref).toBe('istio-system/star');
    expect(named.ref).toBe('weather/named');
    expect(named.serves('a.example.com')).toBe(true);
    expect(named.serves('example.com')).toBe(false);
  });
});
