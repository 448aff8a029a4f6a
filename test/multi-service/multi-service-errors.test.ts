/**
 * MultiServiceRelease misuse fails synth with a clear error naming the path, the value and the fix.
 * One test per message.
 */
import { Chart } from 'cdk8s';
import { cookie, headerExact, headerRegex, MultiServiceRelease, MultiServiceReleaseProps } from '../../lib';
import { synthErrors } from '../support/synth';

const v = (app: string, names = ['v1', 'v2']) => names.map((n) => ({ name: n, image: `weather/${app}:${n}.0.0` }));
const gateway = { name: 'weather-gateway', namespace: 'istio-system', hosts: ['*'], external: true, includeMesh: false };
const base: MultiServiceReleaseProps = {
  from: 'v1',
  to: 'v2',
  entry: { name: 'frontend', versions: v('frontend'), gateway },
  downstream: [{ name: 'forecast', versions: v('forecast') }],
  stages: [{ name: 'testers', matches: [cookie('user', 'tester')] }],
  stage: 'testers',
};
const errorsOf = (props: Partial<MultiServiceReleaseProps>) => synthErrors((chart: Chart) => {
  new MultiServiceRelease(chart, 'release', { ...base, ...props });
}, { namespace: 'weather' });

const cases: Array<[string, Partial<MultiServiceReleaseProps>, RegExp]> = [
  ['a downstream service missing the new version', { downstream: [{ name: 'forecast', versions: v('forecast', ['v1']) }] },
    /^\[test\/release\] downstream service "forecast" has no version "v2", so requests of the release would have nowhere to go on it\. Fix: every service of the release needs both "v1" and "v2": add \{ name: 'v2', image: \.\.\. \} to the versions of "forecast"\.$/],
  ['a downstream service missing the old version', { downstream: [{ name: 'forecast', versions: v('forecast', ['v2']) }] },
    /^\[test\/release\] downstream service "forecast" has no version "v1"/],
  ['mixed version names', { downstream: [{ name: 'forecast', versions: v('forecast', ['v1', 'v2', 'v3']) }] },
    /^\[test\/release\] downstream service "forecast" declares version "v3", but the release moves every service from "v1" to "v2": mixed version names break the routing by the caller's version label\. Fix: name the versions of "forecast" "v1" and "v2", like every other service of the release\.$/],
  ['an entry condition on a service not reachable through a gateway', { entry: { name: 'frontend', versions: v('frontend') } },
    /^\[test\/release\] stage "testers" routes by request conditions on entry service "frontend", which is not reachable through a gateway, so user requests never bring those conditions to it\. Fix: give the entry service the gateway users come through/],
  ['the same old and new version', { from: 'v2' },
    /^\[test\/release\] from and to are both "v2", so nothing is released\. Fix: name the old and the new version differently, e\.g\. from: 'v1', to: 'v2'\.$/],
  ['no downstream service', { downstream: [] },
    /^\[test\/release\] the release of "frontend" has no downstream services\. Fix: list the services called behind the entry service in downstream; to route one service by request content use HeaderRoute\.$/],
  ['a service listed twice', { downstream: [{ name: 'frontend', versions: v('frontend') }] },
    /^\[test\/release\] service "frontend" is listed twice in the release\. Fix: list every service once/],
  ['a stage weight out of range', { stages: [{ name: 'half', weight: 150 }], stage: 'half' },
    /^\[test\/release\] weight of stage "half" 150 is not an integer between 0 and 100\. Fix: use a whole percentage from 0 to 100\.$/],
  ['an entry condition Istio rejects (upper-case header)', { stages: [{ name: 'testers', matches: [headerExact('X-User', 'tester')] }] },
    /^\[test\/release\] stage "testers", condition 1: header name "X-User" is not a lower-case HTTP header name\. Fix: write it in lower case \("x-user"\)/],
  ['a condition regex RE2 rejects, in a stage that is not active', { stages: [{ name: 'testers', matches: [cookie('user', 'tester')] }, { name: 'later', matches: [headerRegex('x-user', '(?=a)')] }] },
    /^\[test\/release\] stage "later", condition 1: header "x-user" regex \/\(\?=a\)\/ is not a valid RE2 regular expression .* Fix: Envoy uses RE2/],
  ['a stage weight lower than the previous one, not marked as a rollback', { stages: [{ name: 'half', weight: 50 }, { name: 'tenth', weight: 10 }], stage: 'half' },
    /^\[test\/release\] stage "tenth" lowers the weight of the new versions from 50 to 10 without being marked as a rollback\. Fix: order the stages by increasing weight, or declare the stage as \{ name: 'tenth', weight: 10, rollback: true \}\.$/],
  ['two services making the same Deployment', {
    to: 'next-v1',
    entry: { name: 'web', versions: v('web', ['v1', 'next-v1']), gateway },
    downstream: [{ name: 'web-next', versions: v('web-next', ['v1', 'next-v1']) }],
  }, /^\[test\/release\] Deployment "web-next-v1" would be made twice: by service "web" \(version "next-v1"\) and by service "web-next" \(version "v1"\)\. Fix: rename one of the services or versions/],
  ['a tcp port routed with HTTP routes', { downstream: [{ name: 'forecast', versions: v('forecast'), protocol: 'tcp' }] },
    /^\[test\/release\] protocol 'tcp' names the ports "tcp", so Istio treats the traffic as plain TCP and never applies the HTTP routes of downstream service "forecast" .* Fix: use an HTTP protocol/],
  ['a stage named like the appended promoted stage', { stages: [{ name: 'promoted', weight: 100 }], stage: 'promoted' },
    /^\[test\/release\] stage name "promoted" is used more than once\. Fix: give every stage a unique name\.$/],
];

describe('MultiServiceRelease misuse fails synth with a clear error', () => {
  test.each(cases)('%s', (_, props, message) => {
    const errors = errorsOf(props);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((e) => !message.test(e))).toEqual([]);
  });

  test('a lower weight marked as a rollback is accepted', () => {
    expect(errorsOf({ stages: [{ name: 'half', weight: 50 }, { name: 'tenth', weight: 10, rollback: true }], stage: 'tenth' })).toEqual([]);
  });

  test('an invalid plan renders no routing, and no service construct is built twice', () => {
    let release!: MultiServiceRelease;
    synthErrors((chart) => { release = new MultiServiceRelease(chart, 'release', { ...base, downstream: [{ name: 'frontend', versions: v('frontend') }] }); });
    expect(Object.keys(release.services)).toEqual(['frontend']);
    expect(release.entry.routing).toBeUndefined();
  });
});
