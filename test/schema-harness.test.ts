/**
 * Tests for the schema-validation harness itself: it must accept valid manifests and it must be
 * able to FAIL (unknown fields, wrong types, unknown kinds), naming the object and the path.
 * Objects are batched; under jest they go to the run's one validator server, and one test checks
 * that the child-process path (no server) reports the same errors.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { withEnv } from './support/env';
import { expectValidManifests, validateManifests } from './support/schema';
import { HttpRoute } from '../imports/gateway.networking.k8s.io';
import { DestinationRule, VirtualService } from '../imports/networking.istio.io';

const labels = { app: 'demo4', version: 'v1' };

const validDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'demo4-v1', namespace: 'demo', labels, annotations: { 'example.com/x': 'y' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    template: {
      metadata: { labels },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx:1.27',
            ports: [{ containerPort: 8080, name: 'http' }],
            resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.1 } },
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
            env: [{ name: 'A', value: '1' }],
          },
        ],
      },
    },
  },
};

const validService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'demo4', namespace: 'demo' },
  spec: {
    // JSON key `clusterIP` whose generated TS property is `clusterIp`: must NOT be reported.
    clusterIP: '10.0.0.10',
    selector: { app: 'demo4' },
    ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
  },
};

const validVirtualService = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'demo4', namespace: 'demo' },
  spec: {
    hosts: ['demo4'],
    http: [
      {
        match: [{ headers: { 'x-canary': { exact: 'true' } } }],
        route: [
          { destination: { host: 'demo4', subset: 'v2', port: { number: 80 } }, weight: 100 },
        ],
      },
      {
        route: [
          { destination: { host: 'demo4', subset: 'v1' }, weight: 90 },
          { destination: { host: 'demo4', subset: 'v2' }, weight: 10 },
        ],
        retries: { attempts: 3, perTryTimeout: '2s' },
        timeout: '10s',
      },
    ],
  },
};

const validDestinationRule = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'demo4', namespace: 'demo' },
  spec: {
    host: 'demo4',
    trafficPolicy: {
      // JSON key `consecutive5xxErrors` whose generated TS property is `consecutive5XxErrors`.
      outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s' },
    },
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ],
  },
};

const validGateway = {
  apiVersion: 'networking.istio.io/v1beta1',
  kind: 'Gateway',
  metadata: { name: 'demo4-gw', namespace: 'demo' },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['demo4.example.com'] }],
  },
};

const validOthers = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', labels: { 'istio-injection': 'enabled' } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo4-cfg', namespace: 'demo' }, data: { 'a.yaml': 'x: 1' } },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'demo4-route', namespace: 'demo' },
    spec: {
      parentRefs: [{ name: 'demo4-gw' }],
      rules: [{ backendRefs: [{ name: 'demo4-v1', port: 80, weight: 90 }, { name: 'demo4-v2', port: 80, weight: 10 }] }],
    },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'demo4-gw', namespace: 'demo' },
    spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1alpha2',
    kind: 'TCPRoute',
    metadata: { name: 'demo4-tcp', namespace: 'demo' },
    spec: { parentRefs: [{ name: 'demo4-gw' }], rules: [{ backendRefs: [{ name: 'demo4-v1', port: 9000 }] }] },
  },
];

/** Real synth output (cdk8s-plus + generated bindings) must not produce false positives. */
function synthesizedObjects(): any[] {
  const chart = new Chart(Testing.app(), 'synth', { namespace: 'demo' });
  const dep = new kplus.Deployment(chart, 'web', {
    replicas: 2,
    containers: [{ image: 'nginx:1.27', portNumber: 8080, envVariables: { A: kplus.EnvValue.fromValue('1') } }],
  });
  dep.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  new kplus.ConfigMap(chart, 'cfg', { data: { a: 'b' } });
  new VirtualService(chart, 'vs', {
    spec: { hosts: ['web'], http: [{ mirrorPercent: 5, route: [{ destination: { host: 'web', subset: 'v1' }, weight: 100 }] }] },
  });
  new DestinationRule(chart, 'dr', {
    spec: { host: 'web', trafficPolicy: { outlierDetection: { consecutive5XxErrors: 3 } }, subsets: [{ name: 'v1', labels: { v: '1' } }] },
  });
  new HttpRoute(chart, 'route', {
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
  });
  return Testing.synth(chart);
}

const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o));

function invalidFixtures(): any[] {
  const deploymentBogus: any = clone(validDeployment);
  deploymentBogus.metadata.name = 'demo4-bogus';
  deploymentBogus.spec.bogus = 1;

  const vsBogus: any = clone(validVirtualService);
  vsBogus.metadata.name = 'demo4-vs-bogus';
  vsBogus.spec.http[0].route[0].destination.bogus = true;

  const drWrongType: any = clone(validDestinationRule);
  drWrongType.metadata.name = 'demo4-dr-bad';
  drWrongType.spec.subsets = 'x';

  const svcBadPort: any = clone(validService);
  svcBadPort.metadata.name = 'demo4-svc-bad';
  svcBadPort.spec.ports[0].port = 'abc';

  const unknownKind = { apiVersion: 'foo/v1', kind: 'Bar', metadata: { name: 'mystery' }, spec: {} };

  const metaBogus: any = clone(validGateway);
  metaBogus.metadata.name = 'demo4-gw-meta';
  metaBogus.metadata.labelz = { a: 'b' };
  metaBogus.status = {};

  return [deploymentBogus, vsBogus, drWrongType, svcBadPort, unknownKind, metaBogus];
}

describe('schema harness', () => {
  test('valid Deployment/Service/VirtualService/DestinationRule/Gateway (+ others) pass', () => {
    const errors = validateManifests([
      validDeployment,
      validService,
      validVirtualService,
      validDestinationRule,
      validGateway,
      ...validOthers,
      ...synthesizedObjects(),
    ]);
    expect(errors).toEqual([]);
  });

  describe('invalid manifests fail, naming the object and the path', () => {
    let errors: string[];
    beforeAll(() => {
      errors = validateManifests(invalidFixtures());
    });

    const errorsFor = (who: string) => errors.filter((e) => e.startsWith(`${who}: `));

    test('unknown field in a Deployment spec', () => {
      expect(errorsFor('Deployment/demo4-bogus')).toEqual(['Deployment/demo4-bogus: unknown field spec.bogus']);
    });

    test('unknown field deep inside a VirtualService', () => {
      expect(errorsFor('VirtualService/demo4-vs-bogus')).toEqual([
        'VirtualService/demo4-vs-bogus: unknown field spec.http[0].route[0].destination.bogus',
      ]);
    });

    test('wrong type in a DestinationRule', () => {
      const e = errorsFor('DestinationRule/demo4-dr-bad');
      expect(e.length).toBeGreaterThan(0);
      expect(e.every((m) => m.startsWith('DestinationRule/demo4-dr-bad: spec.subsets '))).toBe(true);
      expect(e.join('\n')).toMatch(/spec\.subsets must be array/);
    });

    test('wrong type in a Service port', () => {
      expect(errorsFor('Service/demo4-svc-bad')).toEqual(['Service/demo4-svc-bad: spec.ports[0].port must be integer']);
    });

    test('unknown apiVersion/kind is an error, not silently accepted', () => {
      expect(errorsFor('Bar/mystery')).toEqual([
        'Bar/mystery: no schema known for apiVersion "foo/v1" kind "Bar"',
      ]);
    });

    test('unknown metadata and top-level fields', () => {
      expect(errorsFor('Gateway/demo4-gw-meta').sort()).toEqual([
        'Gateway/demo4-gw-meta: unknown field metadata.labelz',
        'Gateway/demo4-gw-meta: unknown field status',
      ]);
    });

    test('nothing else is reported', () => {
      const names = [
        'Deployment/demo4-bogus',
        'VirtualService/demo4-vs-bogus',
        'DestinationRule/demo4-dr-bad',
        'Service/demo4-svc-bad',
        'Bar/mystery',
        'Gateway/demo4-gw-meta',
      ];
      expect(errors.filter((e) => !names.some((n) => e.startsWith(`${n}: `)))).toEqual([]);
    });
  });

  test('expectValidManifests throws listing every error', () => {
    expect(() => expectValidManifests(invalidFixtures())).toThrow(
      /schema error\(s\)[\s\S]*unknown field spec\.bogus[\s\S]*spec\.ports\[0\]\.port must be integer/,
    );
    expect(validateManifests([])).toEqual([]);
  });

  test('the run uses the validator server, and the child-process path without it reports the same errors', () => {
    expect(process.env.SCHEMA_VALIDATOR_SOCKET).toBeTruthy();
    const throughServer = validateManifests(invalidFixtures());
    const inChildProcess = withEnv({ SCHEMA_VALIDATOR_SOCKET: undefined }, () => validateManifests(invalidFixtures()));
    expect(throughServer.length).toBeGreaterThan(5);
    expect(inChildProcess).toEqual(throughServer);
  });
});
