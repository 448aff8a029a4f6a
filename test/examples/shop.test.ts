import { App } from 'cdk8s';
import { shareByVersion, simulate, STAGE_OVERRIDES_CONTEXT } from '../../lib';
import { ShopChart } from '../../examples/shop/shop';
import { referenceProblems } from '../support/references';
import { expectValidManifests } from '../support/schema';
import { find, ofKind } from '../support/synth';
import { companionProblems, configMapsOf } from '../workload/companions';

function synthShop(stage: string): any[] {
  const app = new App();
  app.node.setContext(STAGE_OVERRIDES_CONTEXT, { 'shop/shop': stage });
  const chart = new ShopChart(app, 'shop');
  app.synthYaml(); // runs the same validation as `cdk8s synth`
  return chart.toJson();
}

const STAGES = ['canary-10', 'canary-50', 'canary-100', 'promoted'];

describe('examples/shop: a production service at every stage', () => {
  const m = Object.fromEntries(STAGES.map((s) => [s, synthShop(s)]));
  const users = (s: string) => shareByVersion(simulate(m[s], { host: 'shop', sourceNamespace: 'shop' }));

  test('the requests follow the stages', () => {
    expect(users('canary-10')).toEqual({ v1: 0.9, v2: 0.1 });
    expect(users('canary-50')).toEqual({ v1: 0.5, v2: 0.5 });
    expect(users('canary-100')).toEqual({ v2: 1 });
    expect(users('promoted')).toEqual({ v2: 1 });
  });

  test('every object of every stage is schema-valid and every reference resolves (HPA targets, PDB selectors, ConfigMaps)', () => {
    const all = STAGES.flatMap((s) => m[s]);
    expectValidManifests(all);
    for (const s of STAGES) {
      expect(referenceProblems(m[s])).toEqual([]);
      expect(companionProblems(m[s])).toEqual([]);
    }
  });

  test('each version has its own HPA and PDB; the canary may shrink to 1 pod; no Deployment pins replicas', () => {
    const hpa = (s: string) => Object.fromEntries(ofKind(m[s], 'HorizontalPodAutoscaler').map((h) => [h.metadata.name, [h.spec.minReplicas, h.spec.maxReplicas]]));
    expect(hpa('canary-10')).toEqual({ 'shop-v1': [3, 12], 'shop-v2': [1, 12] });
    expect(find(m['canary-10'], 'HorizontalPodAutoscaler', 'shop-v1').spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
    expect(ofKind(m['canary-10'], 'PodDisruptionBudget').map((p) => [p.metadata.name, p.spec])).toEqual([
      ['shop-v1', { maxUnavailable: 1, selector: { matchLabels: { app: 'shop', version: 'v1' } } }],
      ['shop-v2', { maxUnavailable: 1, selector: { matchLabels: { app: 'shop', version: 'v2' } } }],
    ]);
    for (const s of STAGES) for (const d of ofKind(m[s], 'Deployment')) expect(d.spec.replicas).toBeUndefined();
  });

  test('promoted: only v2 remains, with its own HPA, PDB and ConfigMap', () => {
    const names = (kind: string) => ofKind(m.promoted, kind).map((o) => o.metadata.name);
    expect(names('Deployment')).toEqual(['shop-v2']);
    expect(names('HorizontalPodAutoscaler')).toEqual(['shop-v2']);
    expect(names('PodDisruptionBudget')).toEqual(['shop-v2']);
    expect(names('ConfigMap')).toEqual(['shop-v2-config']);
  });

  test('each version reads only its own ConfigMap: v2 turns the new checkout on without touching the v1 pods', () => {
    const s = m['canary-10'];
    expect(configMapsOf(find(s, 'Deployment', 'shop-v1'))).toEqual(['shop-v1-config']);
    expect(configMapsOf(find(s, 'Deployment', 'shop-v2'))).toEqual(['shop-v2-config']);
    expect(find(s, 'ConfigMap', 'shop-v1-config').data).toEqual({ LOG_LEVEL: 'info', NEW_CHECKOUT: 'false' });
    expect(find(s, 'ConfigMap', 'shop-v2-config').data).toEqual({ LOG_LEVEL: 'info', NEW_CHECKOUT: 'true' });
    expect(find(s, 'ConfigMap', 'shop-v2-config').metadata.labels).toEqual({
      'app': 'shop', 'version': 'v2', 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/version': 'v2', 'app.kubernetes.io/managed-by': 'cdk8s-progressive',
    });
    // The rest of v1's pod is what v1 ran before the release: the canary changes nothing of it.
    expect(find(s, 'Deployment', 'shop-v1')).toEqual(find(synthShop('canary-50'), 'Deployment', 'shop-v1'));
  });

  test('the pods: preStop sleep, startup probe, service account without token, /tmp emptyDir, secret key, zone spread, restricted security', () => {
    const d = find(m['canary-10'], 'Deployment', 'shop-v2');
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    expect(c.lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(c.startupProbe).toMatchObject({ httpGet: { path: '/health', port: 8080 }, periodSeconds: 5, failureThreshold: 24 });
    expect(pod.serviceAccountName).toBe('shop');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toEqual([{ emptyDir: { sizeLimit: '64Mi' }, name: 'tmp' }, { configMap: { name: 'shop-v2-config' }, name: 'version-config' }]);
    expect(c.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }, { mountPath: '/etc/shop', name: 'version-config', readOnly: true }]);
    expect(c.env).toEqual([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'shop-db' } } }]);
    expect(pod.topologySpreadConstraints).toEqual([{
      labelSelector: { matchLabels: { app: 'shop', version: 'v2' } }, maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway',
    }]);
    expect(c.resources).toEqual({ limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } });
    expect(pod.securityContext).toEqual({ fsGroupChangePolicy: 'Always', runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532 });
    expect(d.spec.template.metadata.annotations).toEqual({ 'sidecar.istio.io/proxyCPU': '50m' });
  });

  test('the namespace enforces restricted pod security and joins the mesh through Istio CNI', () => {
    const ns = find(m['canary-10'], 'Namespace', 'shop');
    expect(ns.metadata.namespace).toBeUndefined();
    expect(ns.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'cdk8s-progressive',
      'istio-injection': 'enabled',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'latest',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    });
  });

  test('HTTPS at every stage: 443 terminates TLS with shop-tls for both hosts, 80 answers 301 to https', () => {
    const hosts = ['shop.example.com', 'www.shop.example.com'];
    for (const s of STAGES) {
      const gw = find(m[s], 'Gateway', 'shop-gateway');
      expect(gw.spec.servers).toEqual([
        { port: { number: 80, name: 'http-80', protocol: 'HTTP' }, hosts, tls: { httpsRedirect: true } },
        { port: { number: 443, name: 'https-443', protocol: 'HTTPS' }, hosts, tls: { mode: 'SIMPLE', credentialName: 'shop-tls' } },
      ]);
      // The VirtualService binds the gateway: requests that arrive on 443 for either host follow the stage.
      expect(find(m[s], 'VirtualService', 'shop').spec.gateways).toEqual(['shop-gateway', 'mesh']);
    }
    const external = (s: string, host: string) => shareByVersion(simulate(m[s], { host, gateway: 'shop/shop-gateway' }));
    expect(external('canary-10', 'www.shop.example.com')).toEqual({ v1: 0.9, v2: 0.1 });
    expect(external('promoted', 'shop.example.com')).toEqual({ v2: 1 });
  });

  test('traffic policy at every stage: timeout and retries on the routes, outlier detection and limits for all, sticky sessions for v2', () => {
    for (const s of STAGES) {
      for (const r of find(m[s], 'VirtualService', 'shop').spec.http) {
        expect([r.timeout, r.retries]).toEqual(['5s', { attempts: 2, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure' }]);
      }
      const dr = find(m[s], 'DestinationRule', 'shop');
      expect(dr.spec.trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 });
      expect(dr.spec.trafficPolicy.connectionPool).toEqual({ tcp: { maxConnections: 200 }, http: { http1MaxPendingRequests: 50, http2MaxRequests: 200 } });
      const policies = Object.fromEntries(dr.spec.subsets.map((x: any) => [x.name, x.trafficPolicy]));
      expect(policies.v2).toEqual({ loadBalancer: { consistentHash: { httpCookie: { name: 'session', ttl: '1h' } } } });
      expect(policies.v1).toBeUndefined();
    }
  });

  test('byte-identical output for the same input', () => {
    for (const s of STAGES) expect(JSON.stringify(synthShop(s))).toBe(JSON.stringify(m[s]));
  });
});
