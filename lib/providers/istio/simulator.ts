import { gatewayRef, MatchContext, ruleHolds } from '../../traffic/istio-match';
import { ManifestIndex, namespaceOf, SimDeployment, SimObject, toFqdn } from '../../traffic/manifest-index';
import { SimMatchedRule, SimOutcome, SimRequest, SimResult } from '../../traffic/sim-types';

/**
 * Traffic simulator for Istio objects (VirtualService, DestinationRule, Gateway): the reader of
 * the `istio` provider. It is also the fallback of `simulate` (lib/simulator): without a
 * VirtualService, mesh traffic follows the Service selector (kube-proxy, per pod).
 */

interface Share {
  readonly target: SimDeployment;
  readonly probability: number;
  readonly setCookie?: string;
}

/** Traffic going to a Service, optionally restricted to a subset's labels. */
function spreadOverPods(index: ManifestIndex, namespace: string, selector: Record<string, string>, probability: number, why: string[]): Share[] {
  const pods = index.deploymentsSelectedBy(namespace, selector).filter((d) => d.replicas > 0);
  const total = pods.reduce((a, d) => a + d.replicas, 0);
  if (total === 0) {
    why.push(`no running pods in ${namespace} match ${JSON.stringify(selector)}`);
    return [];
  }
  return pods.map((d) => ({ target: d, probability: (probability * d.replicas) / total }));
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

function subsetLabels(index: ManifestIndex, fqdn: string, subset: string, vsNamespace: string): Record<string, string> | undefined {
  for (const dr of index.destinationRules) {
    if (toFqdn(dr.spec?.host ?? '', namespaceOf(dr)) !== fqdn) continue;
    const s = (dr.spec?.subsets ?? []).find((x: any) => x.name === subset);
    if (s) return s.labels ?? {};
  }
  void vsNamespace;
  return undefined;
}

function normalizeRequest(index: ManifestIndex, req: SimRequest): { fqdn: string; ctx: MatchContext; failures: string[] } {
  const failures: string[] = [];
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  if (req.cookies && Object.keys(req.cookies).length > 0) {
    const jar = Object.entries(req.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    headers.cookie = headers.cookie ? `${headers.cookie}; ${jar}` : jar;
  }
  let gateway = 'mesh';
  if (req.gateway) {
    if (req.gateway.includes('/')) {
      gateway = req.gateway;
    } else {
      const gw = index.istioGateways.find((g) => g.metadata.name === req.gateway);
      gateway = gw ? `${namespaceOf(gw)}/${gw.metadata.name}` : `default/${req.gateway}`;
    }
  }
  let namespace = req.sourceNamespace;
  if (!namespace && !req.host.includes('.')) {
    const candidates = index.services.filter((s) => s.name === req.host);
    namespace = candidates.length === 1 ? candidates[0].namespace : 'default';
  }
  const fqdn = toFqdn(req.host, namespace ?? 'default');
  return {
    fqdn,
    failures,
    ctx: {
      headers, path: req.path ?? '/', sourceLabels: req.sourceLabels ?? {}, gateway, port: req.port,
      method: req.method ?? 'GET', authority: headers.host ?? req.host, scheme: req.scheme ?? 'http', query: req.query ?? {}, sourceNamespace: req.sourceNamespace,
    },
  };
}

function gatewayAccepts(index: ManifestIndex, gateway: string, host: string, req: SimRequest): string | undefined {
  const gw = index.istioGateways.find((g) => `${namespaceOf(g)}/${g.metadata.name}` === gateway);
  if (!gw) return `gateway ${gateway} is not among the manifests`;
  const protocol = req.protocol === 'tcp' ? ['TCP'] : ['HTTP', 'HTTP2', 'GRPC', 'HTTPS'];
  const server = (gw.spec?.servers ?? []).find(
    (s: any) => protocol.includes(String(s.port?.protocol).toUpperCase()) && (req.port === undefined || s.port?.number === req.port) && (s.hosts ?? []).some((h: string) => hostMatches(h.includes('/') ? h.split('/')[1] : h, host)),
  );
  return server ? undefined : `gateway ${gateway} has no ${protocol[0]} server for host ${host}${req.port ? ` port ${req.port}` : ''}`;
}

/**
 * True when Istio objects claim the request: it enters through an Istio Gateway of that name, or it
 * comes from the mesh and a VirtualService bound to `mesh` routes its host.
 */
export function decidedByIstio(manifests: readonly any[] | ManifestIndex, req: SimRequest): boolean {
  const index = manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  const { fqdn, ctx } = normalizeRequest(index, req);
  if (req.gateway) return index.istioGateways.some((g) => `${namespaceOf(g)}/${g.metadata.name}` === ctx.gateway);
  return index.virtualServices.some((v) => {
    const ns = namespaceOf(v);
    return (v.spec?.gateways ?? ['mesh']).map((g: string) => gatewayRef(g, ns)).includes('mesh') && (v.spec?.hosts ?? []).some((h: string) => hostMatches(toFqdn(h, ns), fqdn));
  });
}

/**
 * Simulates where one request goes by Istio's rules: the VirtualService bound to the request's
 * gateway (or `mesh`) whose hosts match; its first matching HTTP (or TCP) rule; the weighted
 * destinations as exact probabilities; each destination's DestinationRule subset labels plus the
 * Service selector pick the pods; traffic spreads over Deployments by replicas. Without a
 * VirtualService, mesh traffic follows the Service selector (kube-proxy, per pod).
 */
export function simulateIstio(manifests: readonly any[] | ManifestIndex, req: SimRequest): SimResult {
  const index = manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  const { fqdn, ctx, failures } = normalizeRequest(index, req);
  const shares: Share[] = [];
  let routed = 0;
  let matched: SimMatchedRule | undefined;
  const mirrorShares: Share[] = [];

  if (ctx.gateway !== 'mesh') {
    const why = gatewayAccepts(index, ctx.gateway, req.host, req);
    if (why) return { outcomes: [], failed: 1, failures: [why] };
  }
  const vs = index.virtualServices.find((v: SimObject) => {
    const ns = namespaceOf(v);
    const gws: string[] = (v.spec?.gateways ?? ['mesh']).map((g: string) => gatewayRef(g, ns));
    return gws.includes(ctx.gateway) && (v.spec?.hosts ?? []).some((h: string) => hostMatches(toFqdn(h, ns), fqdn));
  });

  if (!vs) {
    const svc = index.services.find((s) => `${s.name}.${s.namespace}.svc.cluster.local` === fqdn);
    if (ctx.gateway !== 'mesh' || !svc) {
      return { outcomes: [], failed: 1, failures: [`no VirtualService routes ${req.host} on ${ctx.gateway}${svc ? '' : ' and no Service has that name'}`] };
    }
    shares.push(...spreadOverPods(index, svc.namespace, svc.selector, 1, failures));
  } else {
    const ns = namespaceOf(vs);
    const vsGateways: string[] = (vs.spec?.gateways ?? ['mesh']).map((g: string) => gatewayRef(g, ns));
    const rules: any[] = (req.protocol === 'tcp' ? vs.spec?.tcp : vs.spec?.http) ?? [];
    const ruleIndex = rules.findIndex((r) => ruleHolds(r.match, ctx, ns, vsGateways));
    const rule = ruleIndex >= 0 ? rules[ruleIndex] : undefined;
    if (rule) matched = { virtualService: `${ns}/${vs.metadata.name}`, index: ruleIndex, ...(rule.name ? { name: rule.name } : {}) };
    if (!rule) {
      failures.push(`no rule of VirtualService ${ns}/${vs.metadata.name} matches the request`);
    } else {
      const routes: any[] = rule.route ?? [];
      const weightOf = (r: any) => (routes.length === 1 && r.weight === undefined ? 100 : r.weight ?? 0);
      // Envoy weights are relative: each destination gets weight / (sum of the rule's weights).
      const total = routes.reduce((a, r) => a + weightOf(r), 0);
      if (routes.length > 0 && total === 0) failures.push(`every destination of rule ${ruleIndex} of VirtualService ${ns}/${vs.metadata.name} has weight 0`);
      for (const r of routes) {
        const p = total > 0 ? weightOf(r) / total : 0;
        if (p === 0) continue;
        const destFqdn = toFqdn(r.destination.host, ns);
        const svc = index.services.find((s) => `${s.name}.${s.namespace}.svc.cluster.local` === destFqdn);
        if (!svc) {
          failures.push(`destination ${destFqdn} is not a Service in the manifests`);
          continue;
        }
        const destPort: number | undefined = r.destination.port?.number;
        if (destPort !== undefined && !svc.ports.includes(destPort)) {
          failures.push(`destination port ${destPort} is not a port of Service ${destFqdn} (ports: ${svc.ports.join(', ')})`);
          continue;
        }
        let selector = svc.selector;
        if (r.destination.subset) {
          const labels = subsetLabels(index, destFqdn, r.destination.subset, ns);
          if (!labels) {
            failures.push(`subset "${r.destination.subset}" of ${destFqdn} is defined by no DestinationRule`);
            continue;
          }
          selector = { ...svc.selector, ...labels };
        }
        const cookie: string | undefined = r.headers?.response?.add?.['Set-Cookie'] ?? r.headers?.response?.set?.['Set-Cookie'];
        shares.push(...spreadOverPods(index, svc.namespace, selector, p, failures).map((x) => (cookie !== undefined ? { ...x, setCookie: cookie } : x)));
      }
      if (rule.mirror) mirrorShares.push(...mirrorOf(index, ns, rule, failures));
    }
  }
  for (const s of shares) routed += s.probability;
  const outcomes: SimOutcome[] = [];
  for (const d of index.deployments) {
    const p = shares.filter((s) => s.target === d).reduce((a, s) => a + s.probability, 0);
    const cookie = shares.find((s) => s.target === d && s.setCookie !== undefined)?.setCookie;
    if (p > 0) outcomes.push({ deployment: d.name, namespace: d.namespace, version: d.podLabels.version, podLabels: d.podLabels, probability: round(p), ...(cookie !== undefined ? { setCookie: cookie } : {}) });
  }
  const mirrored = index.deployments.map((d) => ({ d, p: mirrorShares.filter((s) => s.target === d).reduce((a, s) => a + s.probability, 0) })).filter((x) => x.p > 0)
    .map(({ d, p }) => ({ deployment: d.name, namespace: d.namespace, version: d.podLabels.version, podLabels: d.podLabels, probability: round(p) }));
  return { outcomes, failed: round(1 - routed), failures, ...(matched ? { rule: matched } : {}), ...(mirrored.length > 0 ? { mirrored } : {}) };
}

/** The copies a rule's `mirror` sends (`mirrorPercentage`, default 100%), over the pods of its destination. */
function mirrorOf(index: ManifestIndex, ns: string, rule: any, failures: string[]): Share[] {
  const fraction = (rule.mirrorPercentage?.value ?? 100) / 100;
  const destFqdn = toFqdn(rule.mirror.host, ns);
  const svc = index.services.find((s) => `${s.name}.${s.namespace}.svc.cluster.local` === destFqdn);
  if (!svc) {
    failures.push(`mirror destination ${destFqdn} is not a Service in the manifests`);
    return [];
  }
  const labels = rule.mirror.subset ? subsetLabels(index, destFqdn, rule.mirror.subset, ns) : {};
  if (!labels) {
    failures.push(`mirror subset "${rule.mirror.subset}" of ${destFqdn} is defined by no DestinationRule`);
    return [];
  }
  return spreadOverPods(index, svc.namespace, { ...svc.selector, ...labels }, fraction, []);
}

function round(p: number): number {
  return Math.round(p * 1e9) / 1e9;
}
