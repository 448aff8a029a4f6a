import { Chart, Duration } from 'cdk8s';
import { MeshRouting, Progression, RouteRule, Traffic } from '../../../lib';
import { CatalogueEntry, literal } from '../catalogue';
import { canaryEntry } from './canary';
import { tcpEntry } from './tcp';

const STAGES = 'lib/stages/stage-techniques.ts';
const TOTAL = 'lib/routing/weight-total.ts';
const STICKY = 'lib/stages/sticky-session.ts';
const REPLICAS = Traffic.replicaRatio({ totalReplicas: 10, rounding: 'exact' });
const SUBSETS = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];

function rulesEntry(id: string, source: string, http: RouteRule[], message: RegExp): CatalogueEntry {
  return {
    id: `mesh-routing/${id}`,
    construct: 'MeshRouting',
    source,
    example: `http: ${literal(http)}`,
    define: (chart: Chart) => { new MeshRouting(chart, 'routing', { service: 'demo4', subsets: SUBSETS, http }); },
    path: 'routing',
    message,
  };
}

/** Release techniques of canary stages: fine weights (weightTotal), mirror stages, sticky sessions. */
export const TECHNIQUE_ENTRIES: CatalogueEntry[] = [
  canaryEntry('weight-total-not-whole', STAGES, { stages: [{ name: 'fine', canaryWeight: 1, weightTotal: 0 }], stage: 'fine' }, 'demo4',
    /^weightTotal 0 of stage "fine" is not a whole number of 1 or more\. Fix: use a total such as 100 \(percent\) or 1000 \(0\.1% steps\)\.$/),
  canaryEntry('weight-outside-total', STAGES, { stages: [{ name: 'fine', canaryWeight: 1001, weightTotal: 1000 }], stage: 'fine' }, 'demo4',
    /^canary weight of stage "fine" 1001 is not an integer between 0 and its weightTotal 1000\. Fix: use a whole number from 0 to 1000 \(the canary then gets canaryWeight \/ 1000 of the traffic\)\.$/),
  canaryEntry('mirror-not-a-percent', STAGES, { stages: [{ name: 'shadow', canaryWeight: 0, mirror: 150 }], stage: 'shadow' }, 'demo4',
    /^mirror 150 of stage "shadow" is not a whole percentage between 1 and 100\. Fix: set mirror to the percent of requests copied to the canary, e\.g\. 10, or remove it\.$/),
  canaryEntry('technique-with-engine', STAGES, { progression: Progression.flagger(), stages: [{ name: 'shadow-10', canaryWeight: 0, mirror: 10 }, 10], stage: 'shadow-10' }, 'demo4',
    /^stage "shadow-10" uses mirror, which progression 'flagger' cannot render\. Fix: remove mirror from the stage, or use progression: Progression\.manual\(\) with traffic: Traffic\.istio\(\) or Traffic\.gatewayApi\(\)\.$/),
  tcpEntry('technique-on-tcp', STAGES, { stages: [{ name: 'sticky-20', canaryWeight: 20, sticky: {} }], stage: 'sticky-20' }, 'tcp-echo',
    /^stage "sticky-20" uses sticky, which TcpCanary cannot render\. Fix: remove sticky from the stage, or use progression: Progression\.manual\(\) with traffic: Traffic\.istio\(\) or Traffic\.gatewayApi\(\)\.$/),
  canaryEntry('replica-precision', STAGES, { traffic: REPLICAS, stages: [{ name: 'canary-0-1', canaryWeight: 1, weightTotal: 1000 }], stage: 'canary-0-1' }, 'demo4',
    /^stage "canary-0-1" sends 1 of 1000 to the canary, which 10 replicas cannot give \(0\.01 pods\)\. Fix: set totalReplicas to a multiple of 1000, use Traffic\.istio\(\) \(weights of a route are exact\), or choose a coarser step\.$/),
  canaryEntry('mirror-without-mirroring', 'lib/providers/core/provider.ts', { traffic: REPLICAS, stages: [{ name: 'shadow-10', canaryWeight: 0, mirror: 10 }, 10], stage: 'canary-10' }, 'demo4',
    /^stage "shadow-10" uses request mirroring, which trafficSplit 'replicas' cannot express\. Fix: change the routing, or choose a traffic provider that supports it \(e\.g\. Traffic\.istio\(\)\)\.$/),
  canaryEntry('sticky-without-response-headers', 'lib/providers/core/provider.ts', { traffic: REPLICAS, stages: [{ name: 'sticky-10', canaryWeight: 10, sticky: {} }], stage: 'sticky-10' }, 'demo4',
    /^stage "sticky-10" uses routing rules, header regex conditions and response headers \(sticky session cookies\), which trafficSplit 'replicas' cannot express\. Fix: change the routing, or choose a traffic provider that supports it \(e\.g\. Traffic\.istio\(\)\)\.$/),
  canaryEntry('mirror-not-rendered', 'lib/providers/core/technique-support.ts', { traffic: Traffic.istioAmbient(), stages: [{ name: 'shadow-10', canaryWeight: 0, mirror: 10 }, 10], stage: 'canary-10' }, 'demo4',
    /^stage "shadow-10" uses request mirroring, which traffic 'istio-ambient' cannot render\. Fix: remove `mirror` from the stage, or choose Traffic\.istio\(\) or Traffic\.gatewayApi\(\), which render mirroring\.$/),
  canaryEntry('sticky-not-rendered', 'lib/providers/core/technique-support.ts', { traffic: Traffic.istioAmbient(), stages: [{ name: 'sticky-10', canaryWeight: 10, sticky: {} }, 20], stage: 'canary-20' }, 'demo4',
    /^stage "sticky-10" uses sticky session cookies \(response headers\), which traffic 'istio-ambient' cannot render\. Fix: remove `sticky` from the stage, or choose Traffic\.istio\(\) or Traffic\.gatewayApi\(\), which set the cookie\.$/),
  // The Set-Cookie fields of a sticky session (lib/stages/sticky-session.ts; HeaderRoute reports the same).
  canaryEntry('sticky-cookie-name-invalid', STICKY, { stages: [{ name: 'sticky-10', canaryWeight: 10, sticky: { cookieName: 'shop canary' } }], stage: 'sticky-10' }, 'demo4',
    /^stage "sticky-10": sticky cookieName "shop canary" is not a cookie name \(letters, digits and !#\$%&'\*\+-\.\^_`\|~ only, RFC 6265\)\. Fix: use a name such as 'shop-canary'\.$/),
  canaryEntry('sticky-path-invalid', STICKY, { stages: [{ name: 'sticky-10', canaryWeight: 10, sticky: { path: 'shop;x' } }], stage: 'sticky-10' }, 'demo4',
    /^stage "sticky-10": sticky path "shop;x" is not a cookie path \(it starts with "\/" and has no ";" or control characters\)\. Fix: use a path such as '\/' or '\/shop'\.$/),
  canaryEntry('sticky-domain-invalid', STICKY, { stages: [{ name: 'sticky-10', canaryWeight: 10, sticky: { domain: 'https://example.com' } }], stage: 'sticky-10' }, 'demo4',
    /^stage "sticky-10": sticky domain "https:\/\/example\.com" is not a cookie domain \(a host name, optionally with a leading dot\)\. Fix: use a domain such as '\.example\.com', or leave it out \(the cookie is then the request host's\)\.$/),
  canaryEntry('sticky-max-age-not-whole-seconds', STICKY, { stages: [{ name: 'sticky-10', canaryWeight: 10, sticky: { maxAge: Duration.millis(1500) } }], stage: 'sticky-10' }, 'demo4',
    /^stage "sticky-10": sticky maxAge \(1500 ms\) is not a whole, positive number of seconds \(the cookie's Max-Age\)\. Fix: use e\.g\. maxAge: Duration\.minutes\(30\)\.$/),
  canaryEntry('hold-not-whole-seconds', 'lib/stages/stage-hold.ts', { stages: [{ name: 'canary-10', canaryWeight: 10, hold: Duration.millis(1500) }] }, 'demo4',
    /^hold of stage "canary-10" \(1500 ms\) is not a whole, positive number of seconds\. Fix: use e\.g\. hold: Duration\.hours\(1\), or remove it\.$/),
  canaryEntry('traffic-policy-with-engine', 'lib/progressive/engine-unrendered-options.ts', { progression: Progression.flagger(), trafficPolicy: { route: { timeout: Duration.seconds(5) } } }, 'demo4',
    /^trafficPolicy is set, but progression 'flagger' emits the routing of Flagger, which this library does not give HTTPS servers or traffic policies\. Fix: remove trafficPolicy, or keep progression: Progression\.manual\(\) \(a pull request per stage\) where the provider renders them\.$/),
  canaryEntry('hold-with-flagger', STAGES, { progression: Progression.flagger(), stages: [{ name: 'canary-10', canaryWeight: 10, hold: Duration.hours(1) }] }, 'demo4',
    /^stage "canary-10" uses hold, which progression 'flagger' cannot render\. Fix: remove hold from the stage, or use progression: Progression\.manual\(\) with traffic: Traffic\.istio\(\) or Traffic\.gatewayApi\(\)\.$/),
  rulesEntry('weight-total-invalid', TOTAL, [{ weightTotal: 0.5, split: [{ version: 'v1', weight: 1 }] }],
    /^route, rule 1: weightTotal 0\.5 is not a whole number of 1 or more\. Fix: use a total such as 100 or 1000\.$/),
  rulesEntry('weight-outside-rule-total', TOTAL, [{ weightTotal: 1000, split: [{ version: 'v1', weight: 1001 }, { version: 'v2', weight: 0 }] }],
    /^route, rule 1: weight of version "v1" 1001 is not an integer between 0 and the weightTotal 1000\. Fix: use a whole number from 0 to 1000\.$/),
  rulesEntry('weights-not-total', TOTAL, [{ weightTotal: 1000, split: [{ version: 'v1', weight: 990 }, { version: 'v2', weight: 1 }] }],
    /^route, rule 1: the weights sum to 991 \(990 \+ 1\), not the declared weightTotal 1000\. Fix: make the weights add up to exactly 1000, or change weightTotal\.$/),
  rulesEntry('mirror-unknown-version', 'lib/routing/route-problems.ts', [{ split: [{ version: 'v1', weight: 100 }], mirror: { version: 'v3', percent: 10 } }],
    /^route, rule 1 mirrors to version "v3", which no DestinationRule subset defines\. Fix: mirror to one of the declared versions \(v1, v2\)\.$/),
];
