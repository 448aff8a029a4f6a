import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { GatewayTls, IngressDescription, IngressGateway, IstioProvider, LoadBalancer, renderStageRouting, RetryOn, Traffic, VersionedApp } from '../../../lib';
import { CatalogueEntry, exact } from '../catalogue';
import { canaryEntry } from './canary';

const TLS_SRC = 'lib/providers/core/gateway-tls.ts';
const POLICY_SRC = 'lib/providers/core/traffic-policy.ts';
const CHECKS_SRC = 'lib/providers/core/traffic-policy-checks.ts';
const GW_API_HTTPS = 'lib/providers/gateway-api/https.ts';
const GW_API_POLICY = 'lib/providers/gateway-api/policy.ts';
let hostNo = 0;
/** A gateway with TLS and `extra`; each entry gets its own host (the entries are also combined in one app). */
const gw = (extra: Record<string, unknown>) => ({ gateway: { name: 'demo4-gateway', hosts: [`tls${++hostNo}.a.com`], tls: GatewayTls.simple({ credentialName: 'demo4-tls' }), ...extra } });

/** HTTPS gateways (GatewayTls, httpsRedirect) and trafficPolicy (timeouts, retries, destination policy). */
export const HTTPS_POLICY_ENTRIES: CatalogueEntry[] = [
  canaryEntry('tls-without-credential', TLS_SRC, gw({ tls: GatewayTls.simple({ credentialName: '' }) }), 'demo4/Routing',
    exact("the SIMPLE TLS server has no credentialName: Istio rejects a SIMPLE or MUTUAL server without a certificate. Fix: name the Secret with the certificate, e.g. GatewayTls.simple({ credentialName: 'shop-tls' })."),
    { example: "gateway: { name: 'demo4-gateway', hosts: ['tls1.a.com'], tls: GatewayTls.simple({ credentialName: '' }) }" }),
  canaryEntry('credential-not-a-secret-name', TLS_SRC, gw({ tls: GatewayTls.simple({ credentialName: 'Demo4_TLS' }) }), 'demo4/Routing',
    exact("credentialName \"Demo4_TLS\" is not a valid Secret name (a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters). Fix: use the name of the Secret, e.g. 'shop-tls'."),
    { example: "gateway: { ..., tls: GatewayTls.simple({ credentialName: 'Demo4_TLS' }) }" }),
  canaryEntry('https-and-http-on-one-port', TLS_SRC, gw({ httpsPort: 80 }), 'demo4/Routing',
    exact('the HTTPS server and the HTTP server both use port 80; one port of a gateway serves one protocol. Fix: use different ports, e.g. port: 80 and httpsPort: 443.'),
    { example: "gateway: { ..., tls: GatewayTls.simple({ credentialName: 'demo4-tls' }), httpsPort: 80 }" }),
  canaryEntry('https-port-out-of-range', TLS_SRC, gw({ httpsPort: 70000 }), 'demo4/Routing',
    /^gateway httpsPort 70000 .* Fix: .*$/, { rule: 'checkPort', example: "gateway: { ..., tls: GatewayTls.simple({ credentialName: 'demo4-tls' }), httpsPort: 70000 }" }),
  canaryEntry('redirect-without-https', TLS_SRC, { gateway: { name: 'demo4-gateway', hosts: ['redirect.a.com'], httpsRedirect: true } }, 'demo4/Routing',
    exact("httpsRedirect is set but the gateway has no HTTPS server, so the redirect would point at nothing. Fix: add tls: GatewayTls.simple({ credentialName: '<secret>' }), or remove httpsRedirect.")),
  {
    id: 'ingress-gateway/tls-on-tcp',
    construct: 'IngressGateway',
    source: TLS_SRC,
    example: "protocol: 'TCP', port: 31400, tls: GatewayTls.simple({ credentialName: 'tcp-tls' })",
    define: (chart: Chart) => { IngressDescription.describe(chart, IngressDescription.demoProfile()); new IngressGateway(chart, 'gw', { name: 'tcp-gateway', protocol: 'TCP', port: 31400, tls: GatewayTls.simple({ credentialName: 'tcp-tls' }) }); },
    path: 'gw',
    message: exact('tls is set on a TCP gateway, but TLS termination needs HTTP routes (an HTTPS server). Fix: remove tls, or route HTTP traffic with a CanaryService, BlueGreenService or HeaderRoute.'),
  },
  canaryEntry('gateway-api-mutual-tls', GW_API_HTTPS, { traffic: Traffic.gatewayApi(), ...gw({ tls: GatewayTls.mutual({ credentialName: 'demo4-mtls' }) }) }, 'demo4/Routing',
    exact("GatewayTls.mutual() cannot be expressed with traffic 'gateway-api': a Gateway API listener validates client certificates against a CA ConfigMap (spec.tls.frontend), not the ca.crt of the credential Secret. Fix: use GatewayTls.simple(), or traffic: Traffic.istio() for mutual TLS at the gateway."),
    { example: "traffic: Traffic.gatewayApi(), gateway: { ..., tls: GatewayTls.mutual({ credentialName: 'demo4-mtls' }) }" }),
  canaryEntry('duration-below-1ms', POLICY_SRC, { trafficPolicy: { route: { timeout: Duration.millis(0) } } }, 'demo4',
    exact('trafficPolicy.route.timeout 0ms is shorter than 1ms; Istio rejects it ("must be a valid duration greater than 1ms"). Fix: use at least Duration.millis(1).'),
    { example: 'trafficPolicy: { route: { timeout: Duration.millis(0) } }' }),
  canaryEntry('duration-fraction-of-ms', POLICY_SRC, { trafficPolicy: { route: { retries: { attempts: 2, perTryTimeout: Duration.millis(2.5) } } } }, 'demo4',
    exact('trafficPolicy.route.retries.perTryTimeout 2.5ms is not a whole number of milliseconds, which the Gateway API duration format cannot write. Fix: round it to whole milliseconds, e.g. Duration.millis(1500).'),
    { example: 'trafficPolicy: { route: { retries: { attempts: 2, perTryTimeout: Duration.millis(2.5) } } }' }),
  canaryEntry('duration-too-long', POLICY_SRC, { trafficPolicy: { destination: { outlierDetection: { baseEjectionTime: Duration.hours(100000) } } } }, 'demo4',
    exact('trafficPolicy.destination.outlierDetection.baseEjectionTime 360000000000ms is longer than 99999 hours. Fix: use a shorter duration.'),
    { example: 'trafficPolicy: { destination: { outlierDetection: { baseEjectionTime: Duration.hours(100000) } } }' }),
  canaryEntry('ejection-percent-out-of-range', POLICY_SRC, { trafficPolicy: { destination: { outlierDetection: { maxEjectionPercent: 120 } } } }, 'demo4',
    exact('trafficPolicy.destination.outlierDetection.maxEjectionPercent 120 is not a whole number from 0 to 100. Fix: use a whole number from 0 to 100.')),
  canaryEntry('retry-on-unknown', POLICY_SRC, { trafficPolicy: { route: { retries: { attempts: 2, retryOn: [RetryOn.statusCode(600)] } } } }, 'demo4',
    exact('retryOn "600" is not a retry condition Istio accepts. Fix: use a RetryOn constant (e.g. RetryOn.GATEWAY_ERROR) or RetryOn.statusCode(503) with a code from 100 to 599.'),
    { example: 'trafficPolicy: { route: { retries: { attempts: 2, retryOn: [RetryOn.statusCode(600)] } } }' }),
  canaryEntry('policy-without-routing-objects', CHECKS_SRC, { traffic: Traffic.serviceSelector(), stage: 'promoted', trafficPolicy: { route: { timeout: Duration.seconds(5) } } }, 'demo4',
    exact("trafficPolicy is set, but traffic 'service-selector' renders no routing objects, so no timeout, retry or destination policy can be applied. Fix: remove trafficPolicy, or use traffic: Traffic.istio()."),
    { example: "traffic: Traffic.serviceSelector(), stage: 'promoted', trafficPolicy: { route: { timeout: Duration.seconds(5) } }" }),
  {
    id: 'routing/route-policy-on-tcp',
    construct: 'MeshRouting',
    source: CHECKS_SRC,
    example: "renderStageRouting(chart, 'Routing', new IstioProvider(), { service: 'demo4', versions, tcp: [...], trafficPolicy: { route: { timeout: Duration.seconds(5) } } })",
    define: (chart: Chart) => {
      new VersionedApp(chart, 'App', { app: 'demo4', versions: [{ name: 'v1', image: 'mritd/demo:1.0.0' }], protocol: 'tcp' });
      renderStageRouting(new Construct(chart, 'tcp'), 'Routing', new IstioProvider(), {
        service: 'demo4', versions: [{ name: 'v1', labels: { version: 'v1' } }], tcp: [{ split: [{ version: 'v1', weight: 100 }] }], destinationPort: 80,
        trafficPolicy: { route: { timeout: Duration.seconds(5) } },
      });
    },
    path: 'tcp',
    message: exact('trafficPolicy.route (timeout, retries) is set on TCP routing, which has no requests to time out or retry. Fix: remove trafficPolicy.route; trafficPolicy.destination (outlier detection, connection pool) applies to TCP too.'),
  },
  canaryEntry('gateway-api-retries', GW_API_POLICY, { traffic: Traffic.gatewayApi(), trafficPolicy: { route: { retries: { attempts: 2 } } } }, 'demo4',
    exact("trafficPolicy.route.retries cannot be expressed with traffic 'gateway-api': HTTPRoute in Gateway API v1.6 (standard channel) has no retry field. Fix: remove retries (timeout is supported as rules[].timeouts.request), or use traffic: Traffic.istio().")),
  canaryEntry('gateway-api-destination-policy', GW_API_POLICY, { traffic: Traffic.gatewayApi(), trafficPolicy: { destination: { loadBalancer: LoadBalancer.random() } } }, 'demo4',
    exact("trafficPolicy.destination and trafficPolicy.versions (outlier detection, connection pool, load balancer) cannot be expressed with traffic 'gateway-api': they need an Istio DestinationRule. Fix: remove them, or use traffic: Traffic.istio(), which renders them in the DestinationRule."),
    { example: 'traffic: Traffic.gatewayApi(), trafficPolicy: { destination: { loadBalancer: LoadBalancer.random() } }' }),
];
