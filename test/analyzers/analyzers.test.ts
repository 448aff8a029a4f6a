/**
 * Each check of the analyzer suite fires on a hand-written bad manifest and stays quiet on the good one.
 */
import { analyze } from './analyze';
import { Cluster, defaultIngressGateway } from './cluster';
import { lines } from './finding';
import { good, withChange } from './fixtures';
import { destinationRuleErrors, gatewayErrors, virtualServiceErrors } from './webhook';

const codes = (m: any[]) => analyze(m).map((f) => `${f.code} ${f.object}`);
const only = (m: any[]) => lines(analyze(m));

test('the good release has no finding at all', () => {
  expect(only(good())).toEqual([]);
});

test('the cluster model adds the DEFAULT profile ingress gateway unless the manifests bring their own', () => {
  expect(new Cluster(good()).objects.length).toBe(good().length + 2);
  const [d, s] = defaultIngressGateway();
  expect(s.spec.ports.map((p: any) => `${p.port}->${p.targetPort} ${p.name}`)).toEqual(['15021->15021 status-port', '80->8080 http2', '443->8443 https']);
  const own = [...good(), { ...d, metadata: { ...d.metadata, name: 'my-gw' } }, { ...s, metadata: { ...s.metadata, name: 'my-gw' } }];
  expect(new Cluster(own).objects.length).toBe(own.length);
});

describe('IST0101 ReferencedResourceNotFound', () => {
  test('a VirtualService gateway that does not exist (and then its hosts are in no gateway: IST0132)', () => {
    expect(codes(withChange('VirtualService', 'web-ingress', (o) => { o.spec.gateways = ['shop/missing']; }))).toEqual([
      'IST0101 VirtualService/shop/web-ingress', 'IST0132 VirtualService/shop/web-ingress',
    ]);
  });
  test('a destination host that is no Service', () => {
    expect(only(withChange('VirtualService', 'web', (o) => { o.spec.http[1].route[0].destination.host = 'webb'; })))
      .toEqual(['IST0101 VirtualService/shop/web: Referenced host not found: "webb"']);
  });
  test('a host with a dot is not a short name: `web.shop` is not found', () => {
    expect(codes(withChange('VirtualService', 'web', (o) => { o.spec.http[1].route[0].destination.host = 'web.shop'; }))).toEqual(['IST0101 VirtualService/shop/web']);
  });
  test('a subset no DestinationRule defines', () => {
    expect(only(withChange('VirtualService', 'web', (o) => { o.spec.http[1].route[0].destination.subset = 'v3'; })))
      .toEqual(['IST0101 VirtualService/shop/web: Referenced host+subset in destinationrule not found: "web+v3"']);
  });
  test('a Gateway selector that matches no pod', () => {
    expect(only(withChange('Gateway', 'web-gateway', (o) => { o.spec.selector = { istio: 'egressgateway' }; })))
      .toEqual(['IST0101 Gateway/shop/web-gateway: Referenced selector not found: "istio=egressgateway"']);
  });
});

describe('IST0101 on ports and mirrors, IST0112 VirtualServiceDestinationPortSelectorRequired', () => {
  // without the ingress VirtualService, whose destinations name no port either
  const twoPorts = () => withChange('Service', 'web', (o) => { o.spec.ports.push({ name: 'grpc', port: 9090 }); }).filter((o) => o.metadata.name !== 'web-ingress');
  test('a destination without a port on a Service with two ports', () => {
    expect(only(withChange('VirtualService', 'web', (o) => { o.spec.http = [o.spec.http[1]]; }, twoPorts())))
      .toEqual(['IST0112 VirtualService/shop/web: This VirtualService routes to a service "web" that exposes multiple ports [80 9090]. Specifying a port in the destination is required to disambiguate.']);
  });
  test('a destination port the Service does not have', () => {
    expect(only(withChange('VirtualService', 'web', (o) => { o.spec.http[1].route[0].destination.port = { number: 8080 }; })))
      .toEqual(['IST0101 VirtualService/shop/web: Referenced host:port not found: "web:8080"']);
  });
  test('a mirror host that is no Service', () => {
    expect(only(withChange('VirtualService', 'web', (o) => { o.spec.http[1].mirror = { host: 'shadow' }; })))
      .toEqual(['IST0101 VirtualService/shop/web: Referenced mirror host not found: "shadow"']);
  });
  test('quiet with a port on every destination of a two-port Service, and for a ServiceEntry host', () => {
    expect(codes(withChange('VirtualService', 'web', (o) => { o.spec.http = [{ route: [{ destination: { host: 'web', port: { number: 9090 } } }] }]; }, twoPorts()))).toEqual([]);
    const se = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'api', namespace: 'shop' }, spec: { hosts: ['*.api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS' } };
    expect(codes(withChange('VirtualService', 'web', (o) => { o.spec.http[1].route[0].destination = { host: 'eu.api.example.com' }; }, [...good(), se]))).toEqual([]);
  });
});

describe('IST0140 IngressRouteRulesNotAffected', () => {
  test('a gateway VirtualService routing without subset to a host the mesh VirtualService splits by subset', () => {
    expect(only(withChange('VirtualService', 'web-ingress', (o) => { o.spec.http = [{ route: [{ destination: { host: 'web' } }] }]; })))
      .toEqual(['IST0140 VirtualService/shop/web-ingress: Subset in virtual service shop/web has no effect on ingress gateway shop/web-ingress requests']);
  });
  test('quiet when the gateway VirtualService names the subsets itself', () => {
    expect(codes(good())).toEqual([]);
  });
});

describe('IST0109 ConflictingMeshGatewayVirtualServiceHosts', () => {
  const second = (host: string, exportTo?: string[]) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web-2', namespace: 'shop' },
    spec: { hosts: [host], ...(exportTo ? { exportTo } : {}), http: [{ route: [{ destination: { host: 'web' } }] }] },
  });
  test('two mesh VirtualServices for the same host, short name and FQDN alike', () => {
    expect(codes([...good(), second('web.shop.svc.cluster.local')])).toEqual(['IST0109 VirtualService/shop/web', 'IST0109 VirtualService/shop/web-2']);
  });
  test('a VirtualService exported to one namespace conflicts there with one exported everywhere', () => {
    expect(codes([...good(), second('web', ['other'])])).toEqual(['IST0109 VirtualService/shop/web-2', 'IST0109 VirtualService/shop/web']);
  });
  test('quiet when each is visible in its own namespace only, or bound to a gateway only', () => {
    const local = withChange('VirtualService', 'web', (o) => { o.spec.exportTo = ['.']; });
    expect(codes([...local, second('web', ['other'])])).toEqual([]);
    expect(codes(good()).filter((c) => c.startsWith('IST0109'))).toEqual([]);
  });
});

describe('IST0130 VirtualServiceUnreachableRule and IST0131 VirtualServiceIneffectiveMatch', () => {
  test('a rule after the catch-all rule', () => {
    expect(only(withChange('VirtualService', 'web', (o) => { o.spec.http.push({ route: [{ destination: { host: 'web', subset: 'v2' } }] }); })))
      .toEqual(['IST0130 VirtualService/shop/web: VirtualService rule #2 not used (only the last rule can have no matches).']);
  });
  test('a rule whose match repeats an earlier one: the match is ineffective and the rule unreachable', () => {
    expect(only(withChange('VirtualService', 'web', (o) => { o.spec.http.splice(1, 0, { match: [{ sourceLabels: { version: 'v2', app: 'frontend' } }], route: [{ destination: { host: 'web', subset: 'v1' } }] }); }))).toEqual([
      'IST0130 VirtualService/shop/web: VirtualService rule #1 not used (all matches used by prior rules).',
      'IST0131 VirtualService/shop/web: VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).',
    ]);
  });
  test('a URI prefix an earlier prefix covers', () => {
    expect(only(withChange('VirtualService', 'web', (o) => {
      o.spec.http.splice(0, 1, { match: [{ uri: { prefix: '/api' } }], route: [{ destination: { host: 'web', subset: 'v2' } }] }, { match: [{ uri: { prefix: '/api/v2' } }], route: [{ destination: { host: 'web', subset: 'v2' } }] });
    }))).toEqual(['IST0131 VirtualService/shop/web: VirtualService rule #1 match #0 of prefix /api/v2 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0).']);
  });
  test('quiet for different matches and a single catch-all last', () => {
    expect(codes(good()).filter((c) => /IST013[01]/.test(c))).toEqual([]);
  });
});

describe('IST0132 VirtualServiceHostNotFoundInGateway', () => {
  test('the gateway serves other hosts', () => {
    expect(only(withChange('Gateway', 'web-gateway', (o) => { o.spec.servers[0].hosts = ['shop.example.com']; })))
      .toEqual(['IST0132 VirtualService/shop/web-ingress: one or more host [web.example.com] defined in VirtualService shop/web-ingress not found in Gateway shop/web-gateway.']);
  });
  test('a gateway host for another namespace does not count; a wildcard or `*/` host does', () => {
    expect(codes(withChange('Gateway', 'web-gateway', (o) => { o.spec.servers[0].hosts = ['other/web.example.com']; }))).toEqual(['IST0132 VirtualService/shop/web-ingress']);
    expect(codes(withChange('Gateway', 'web-gateway', (o) => { o.spec.servers[0].hosts = ['*/*.example.com']; }))).toEqual([]);
    expect(codes(withChange('Gateway', 'web-gateway', (o) => { o.spec.servers[0].hosts = ['./web.example.com']; }))).toEqual([]);
  });
});

describe('IST0145 ConflictingGateways', () => {
  const other = (host: string, port = 80) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'other-gateway', namespace: 'other' },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: port, name: `http-${port}`, protocol: 'HTTP' }, hosts: [host] }] },
  });
  test('two Gateways on the same ingress and port with the same host', () => {
    expect(only([...good(), other('web.example.com')])).toEqual([
      'IST0145 Gateway/other/other-gateway: Conflict with gateways shop/web-gateway (workload selector istio=ingressgateway, port 80, hosts web.example.com).',
      'IST0145 Gateway/shop/web-gateway: Conflict with gateways other/other-gateway (workload selector istio=ingressgateway, port 80, hosts web.example.com).',
    ]);
  });
  test('quiet for another host (Istio compares host strings: `*` does not conflict with a name), or another port', () => {
    expect(codes([...good(), other('*')])).toEqual([]);
    expect(codes([...good(), other('web.example.com', 443)]).filter((c) => c.startsWith('IST0145'))).toEqual([]);
  });
});

describe('IST0162 GatewayPortNotDefinedOnService', () => {
  test('a server port the ingress Service does not expose (TCP 31400 is not in the default profile)', () => {
    expect(only(withChange('Gateway', 'web-gateway', (o) => { o.spec.servers[0].port = { number: 31400, name: 'tcp', protocol: 'TCP' }; })))
      .toContain('IST0162 Gateway/shop/web-gateway: The gateway is listening on a target port (port 31400) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway).');
  });
  test('quiet on a service port (80) and on a target port (8443)', () => {
    expect(codes(withChange('Gateway', 'web-gateway', (o) => { o.spec.servers[0].port.number = 8443; })).filter((c) => c.startsWith('IST0162'))).toEqual([]);
    expect(codes(good())).toEqual([]);
  });
});

describe('IST0173 DestinationRuleSubsetNotSelectPods', () => {
  test('a subset whose only Deployment runs 0 replicas', () => {
    expect(only(withChange('Deployment', 'web-v2', (o) => { o.spec.replicas = 0; })))
      .toEqual(['IST0173 DestinationRule/shop/web: The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).']);
  });
  test('a subset whose labels no pod carries', () => {
    expect(codes(withChange('DestinationRule', 'web', (o) => { o.spec.subsets[1].labels = { version: 'v9' }; }))).toEqual(['IST0173 DestinationRule/shop/web']);
  });
});

describe('IST0174 UnknownDestinationRuleHost', () => {
  test('a DestinationRule for a host that is no Service', () => {
    expect(only(withChange('DestinationRule', 'web', (o) => { o.spec.host = 'webb'; })))
      .toContain('IST0174 DestinationRule/shop/webb: The host webb defined in the DestinationRule does not match any services in the mesh.'.replace('/webb:', '/web:'));
  });
  test('quiet for a ServiceEntry host', () => {
    const se = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'api', namespace: 'shop' }, spec: { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS' } };
    const dr = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'api', namespace: 'shop' }, spec: { host: 'api.example.com' } };
    expect(codes([...good(), se, dr])).toEqual([]);
  });
});

describe('IST0116 DeploymentAssociatedToMultipleServices and IST0137 DeploymentConflictingPorts', () => {
  const version = (port: any) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-v1', namespace: 'shop' }, spec: { selector: { app: 'web', version: 'v1' }, ports: [port] } });
  test('the same port with another protocol', () => {
    expect(codes([...good(), version({ name: 'udp', port: 80, protocol: 'UDP', targetPort: 8080 })])).toEqual(['IST0116 Deployment/shop/web-v1']);
  });
  test('the same targetPort behind another Service port', () => {
    expect(only([...good(), version({ name: 'http', port: 8000, targetPort: 8080 })]))
      .toEqual(['IST0137 Deployment/shop/web-v1: This deployment web-v1 is associated with multiple services [shop/web shop/web-v1] using targetPort "8080" but different ports: [80 8000].']);
  });
  test('quiet for a version Service with the same port and targetPort (what the library renders)', () => {
    expect(codes([...good(), version({ name: 'http', port: 80, targetPort: 8080 })])).toEqual([]);
  });
});

describe('IST0144 InvalidApplicationUID', () => {
  test('pod or container running as 1337', () => {
    expect(codes(withChange('Deployment', 'web-v1', (o) => { o.spec.template.spec.securityContext.runAsUser = 1337; }))).toEqual(['IST0144 Deployment/shop/web-v1']);
    expect(codes(withChange('Deployment', 'web-v1', (o) => { o.spec.template.spec.containers[0].securityContext.runAsUser = 1337; }))).toEqual(['IST0144 Deployment/shop/web-v1']);
  });
  test('quiet for the istio-proxy container', () => {
    expect(codes(withChange('Deployment', 'web-v1', (o) => { o.spec.template.spec.containers.push({ name: 'istio-proxy', image: 'proxy', securityContext: { runAsUser: 1337 } }); }))).toEqual([]);
  });
});

describe('IST0118 PortNameIsNotUnderNamingConvention', () => {
  test('a port named without a protocol prefix', () => {
    expect(only(withChange('Service', 'web', (o) => { o.spec.ports[0].name = 'web'; })))
      .toEqual(["IST0118 Service/shop/web: Port name web (port: 80, targetPort: 8080) doesn't follow the naming convention of Istio port."]);
  });
  test('quiet for http-web, grpc-web, an appProtocol, and a well-known port', () => {
    for (const p of [{ name: 'http-web', port: 80 }, { name: 'grpc-web-x', port: 80 }, { name: 'web', appProtocol: 'http', port: 80 }, { name: 'db', port: 3306 }]) {
      expect(codes(withChange('Service', 'web', (o) => { o.spec.ports[0] = p; }))).toEqual([]);
    }
  });
});

describe('the webhook rules', () => {
  const vs = () => good().find((o) => o.metadata.name === 'web-ingress');
  const meshVs = () => good().find((o) => o.kind === 'VirtualService' && o.metadata.name === 'web');
  const dr = () => good().find((o) => o.kind === 'DestinationRule');
  const gw = () => good().find((o) => o.kind === 'Gateway');
  const vsWith = (change: (o: any) => void, base = vs()) => { change(base); return virtualServiceErrors(base); };

  test('the good objects pass', () => {
    expect([...virtualServiceErrors(vs()), ...virtualServiceErrors(meshVs()), ...destinationRuleErrors(dr()), ...gatewayErrors(gw())]).toEqual([]);
  });

  test('hosts: invalid names, a label over 63, a name over 255, `*` on the mesh, duplicates and overlaps', () => {
    expect(vsWith((o) => { o.spec.hosts = ['web_shop.example.com']; })).toEqual(['domain name "web_shop.example.com" invalid (label "web_shop" invalid)']);
    expect(vsWith((o) => { o.spec.hosts = [`${'a'.repeat(64)}.example.com`]; })).toHaveLength(1);
    expect(vsWith((o) => { o.spec.hosts = [`${'a'.repeat(63)}.example.com`]; })).toEqual([]);
    const long = Array(5).fill('a'.repeat(62)).join('.'); // 314 characters
    expect(vsWith((o) => { o.spec.hosts = [long]; })).toEqual([`domain name "${long}" too long (max 255)`]);
    expect(vsWith((o) => { o.spec.hosts = ['example.123']; })).toEqual(['domain name "example.123" invalid (top level domain "123" cannot be all-numeric)']);
    expect(vsWith((o) => { o.spec.hosts = ['*']; }, meshVs())).toEqual(['wildcard host * is not allowed for virtual services bound to the mesh gateway']);
    expect(vsWith((o) => { o.spec.hosts = ['*']; })).toEqual([]);
    expect(vsWith((o) => { o.spec.hosts = ['web.example.com', 'web.example.com']; })).toEqual(['duplicate hosts in virtual service: web.example.com & web.example.com']);
    expect(vsWith((o) => { o.spec.hosts = ['*.example.com', 'web.example.com']; })).toEqual(['duplicate hosts in virtual service: *.example.com & web.example.com']);
    expect(vsWith((o) => { o.spec.hosts = ['10.0.0.1']; })).toEqual([]);
  });

  test('regexes: RE2 syntax (no lookahead), at most 1024 characters, not empty', () => {
    expect(vsWith((o) => { o.spec.http[0].match[0].uri = { regex: '^/(?!admin).*' }; })[0]).toMatch(/^"uri": .*Istio uses RE2 style regex-based match$/);
    expect(vsWith((o) => { o.spec.http[0].match[0].uri = { regex: 'a'.repeat(1025) }; })).toEqual(['"uri": regex is too large, max length allowed is 1024']);
    expect(vsWith((o) => { o.spec.http[0].match[0].uri = { regex: 'a'.repeat(1024) }; })).toEqual([]);
    expect(vsWith((o) => { o.spec.http[0].match[0].headers['x-beta'] = { regex: '' }; })).toEqual(['"headers": regex string match should not be empty']);
    expect(vsWith((o) => { o.spec.http[0].match[0].headers['x-beta'] = { prefix: '' }; })).toEqual(['"headers": prefix string match should not be empty']);
  });

  test('header names: tokens and the pseudo-headers in matches; no `:`-prefixed or Host header operations', () => {
    expect(vsWith((o) => { o.spec.http[0].match[0].headers = { 'x beta': { exact: '1' } }; })).toEqual(['header name x beta is not a valid header name']);
    expect(vsWith((o) => { o.spec.http[0].match[0].headers = { ':authority': { exact: 'a' }, ':path': { prefix: '/' } }; })).toEqual([]);
    expect(vsWith((o) => { o.spec.http[0].match[0].headers = { ':foo': { exact: 'a' } }; })).toEqual(['header name :foo is not a valid header name']);
    expect(vsWith((o) => { o.spec.http[0].headers = { request: { set: { ':path': '/x' }, remove: ['host'] }, response: { add: { 'x-ok': 'a\u0001' } } }; })).toEqual([
      'invalid header ":path": header cannot have ":" prefix', 'invalid header "host": cannot set Host header', 'header value configuration a\u0001 is invalid',
    ]);
    expect(vsWith((o) => { o.spec.http[0].headers = { request: { set: { host: 'a.example.com', 'x-a': '100%%' } } }; })).toEqual([]);
  });

  test('sourceLabels: keys are qualified names (optional DNS prefix), values label values', () => {
    expect(vsWith((o) => { o.spec.http[0].match[0].sourceLabels = { 'bad key': 'v1', app: 'front end', [`${'k'.repeat(64)}`]: 'x' }; }, meshVs())).toEqual([
      'invalid tag key: "bad key"', 'invalid tag value: "front end"', `invalid tag key: "${'k'.repeat(64)}" (name longer than 63)`,
    ]);
    expect(vsWith((o) => { o.spec.http[0].match[0].sourceLabels = { 'app.kubernetes.io/name': 'web', version: '' }; }, meshVs())).toEqual([]);
  });

  test('gateway names: namespace/name DNS labels; sourceNamespace a DNS label', () => {
    expect(vsWith((o) => { o.spec.gateways = ['Shop_NS/web-gateway']; })).toEqual(['invalid value for namespace: "Shop_NS"']);
    expect(vsWith((o) => { o.spec.gateways = ['shop/']; })).toEqual(['config namespace and gateway name cannot be empty', 'invalid value for gateway name: ""']);
    expect(vsWith((o) => { o.spec.gateways = ['web_gateway']; })).toEqual(['domain name "web_gateway" invalid (label "web_gateway" invalid)']);
    expect(vsWith((o) => { o.spec.http[0].match[0].sourceNamespace = 'a.b'; }, meshVs())).toEqual(['sourceNamespace match a.b is invalid']);
  });

  test('ports, weights, durations, subset names and rules without a destination', () => {
    expect(vsWith((o) => { o.spec.http[0].match[0].port = 70000; })).toEqual(['port number 70000 must be in the range 1..65535']);
    expect(vsWith((o) => { o.spec.http[1].route[0].weight = -1; o.spec.http[1].route[1].weight = 101; })).toEqual(['weight -1 < 0']);
    expect(vsWith((o) => { o.spec.http[1].route[0].weight = 0; o.spec.http[1].route[1].weight = 0; })).toEqual(['total destination weight = 0']);
    expect(vsWith((o) => { o.spec.http[0].timeout = '500us'; })).toEqual(['timeout: duration must be greater than 1ms']);
    expect(vsWith((o) => { o.spec.http[0].timeout = '1.0005s'; })).toEqual(['timeout: only durations to ms precision are supported']);
    expect(vsWith((o) => { o.spec.http[0].timeout = '2 s'; })).toEqual(['timeout: invalid duration "2 s"']);
    expect(vsWith((o) => { o.spec.http[0].route[0].destination.subset = 'V2.x'; })).toEqual(['subset name is invalid: V2.x']);
    expect(vsWith((o) => { o.spec.http[0].route = []; })).toEqual(['HTTP route, redirect or direct_response is required']);
    expect(vsWith((o) => { o.spec.http = []; })).toEqual(['http, tcp or tls must be provided in virtual service']);
    expect(vsWith((o) => { o.spec.http[0].route[0].destination.host = '*'; })).toEqual(['invalid destination host *']);
  });

  test('DestinationRule: host, unique DNS-label subset names, subset labels, traffic policy durations', () => {
    const d = dr();
    d.spec.subsets.push({ name: 'v1', labels: { version: 'v1' } }, { name: 'v_3', labels: { 'bad key': 'x' } });
    d.spec.trafficPolicy = { connectionPool: { tcp: { connectTimeout: '0s' } } };
    expect(destinationRuleErrors(d)).toEqual(['connectTimeout: duration must be greater than 1ms', 'duplicate subset names: v1', 'subset name is invalid: v_3', 'invalid tag key: "bad key"']);
    expect(destinationRuleErrors({ spec: { host: 'web_x' } })).toEqual(['domain name "web_x" invalid (label "web_x" invalid)']);
  });

  test('Gateway: name, servers, hosts, port range, protocol, unique port names, TLS settings where TLS is spoken', () => {
    const g = gw();
    g.metadata.name = 'web.gateway';
    g.spec.servers.push(
      { port: { number: 443, name: 'http-80', protocol: 'HTTPS' }, hosts: ['web.example.com'] },
      { port: { number: 0, name: 'tcp', protocol: 'TCP' }, hosts: ['bad/ns/x'], tls: { mode: 'SIMPLE', credentialName: 'c' } },
      { port: { number: 8080, name: 'x', protocol: 'SCTP' }, hosts: [] },
      { port: { number: 8443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE' } },
    );
    expect(gatewayErrors(g)).toEqual([
      'invalid gateway name: "web.gateway"',
      'server must have TLS settings for HTTPS/TLS protocols',
      'port names in servers must be unique: duplicate name http-80',
      'domain name "ns/x" invalid (label "ns/x" invalid)',
      'port number 0 must be in the range 1..65535',
      'server config must contain at least one host',
      'invalid protocol "SCTP", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP',
      'SIMPLE TLS requires a credentialName or serverCertificate and privateKey',
    ]);
    expect(gatewayErrors({ metadata: { name: 'g' }, spec: { servers: [] } })).toEqual(['gateway must have at least one server']);
    expect(gatewayErrors({ metadata: { name: 'g' }, spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], tls: { httpsRedirect: true } }] } })).toEqual([]);
  });

  test('webhook errors are findings with code `webhook` on the object', () => {
    expect(only(withChange('DestinationRule', 'web', (o) => { o.spec.subsets[0].name = 'V_1'; })).filter((l) => l.startsWith('webhook'))).toEqual(['webhook DestinationRule/shop/web: subset name is invalid: V_1']);
  });
});
