import { RenderedStage } from '../rollout/render-stages';
import { gatewayRef } from '../traffic/istio-match';
import { namespaceOf } from '../traffic/manifest-index';
import { SAMPLE_REQUESTS, SampleRequest } from '../traffic/sample-requests';
import { shareByVersionChain, SimRequest, simulateChain } from './simulator';

/** Where one sample request goes at one stage. */
export interface RouteReportRow {
  /** The sample's label. */
  readonly label: string;
  /** Exact probability per chain of versions (`v2>v2`), plus `failed` when some traffic fails. */
  readonly shares: Record<string, number>;
}

/** Where the sample requests go at one stage of one rollout. */
export interface StageRouteReport {
  /** Construct path of the rollout. */
  readonly rollout: string;
  /** Position of the stage, from 0. */
  readonly index: number;
  /** Stage name. */
  readonly stage: string;
  /** How requests enter: `gateway <namespace>/<name>, host <host>` or `mesh`. */
  readonly entry: string;
  /** The services a request passes, in order (the rollout's entry service first). */
  readonly services: string[];
  /** One row per sample request. */
  readonly rows: RouteReportRow[];
}

/** Host name used for gateway requests when the route only lists `*`. */
const ANY_HOST = 'www.example.com';

function shortName(host: string): string {
  return host.split('.')[0];
}

function destinationService(vs: any): string | undefined {
  const rules: any[] = [...(vs.spec?.http ?? []), ...(vs.spec?.tcp ?? [])];
  const host = rules[0]?.route?.[0]?.destination?.host;
  return host ? shortName(host) : undefined;
}

/**
 * Simulates the sample requests against one rendered stage. The entry is the rollout's
 * VirtualService bound to a gateway (requests come through that gateway), else its first
 * VirtualService or Service (requests come from the mesh). Requests then call the rollout's other
 * services in manifest order, carrying the serving pod's labels and the original headers.
 * `context` holds objects the stage relies on but does not own (a shared Gateway, other services).
 */
export function reportStageRoutes(stage: RenderedStage, context: readonly any[] = [], samples: readonly SampleRequest[] = SAMPLE_REQUESTS): StageRouteReport {
  const manifests = [...stage.manifests, ...context];
  const vss = stage.manifests.filter((m) => m.kind === 'VirtualService');
  const external = (vs: any) => ((vs.spec?.gateways ?? []) as string[]).filter((g) => g !== 'mesh');
  const entryVs = vss.find((v) => external(v).length > 0) ?? vss[0];
  const services: string[] = [];
  let first: Omit<SimRequest, 'headers' | 'cookies'> | undefined;
  let entry = 'mesh';
  if (entryVs) {
    const svc = destinationService(entryVs);
    if (svc) services.push(svc);
    const gw = external(entryVs)[0];
    if (gw) {
      const ref = gatewayRef(gw, namespaceOf(entryVs));
      const host = (entryVs.spec.hosts as string[]).find((h) => !h.includes('*') && !h.endsWith('.svc.cluster.local')) ?? ANY_HOST;
      entry = `gateway ${ref}, host ${host}`;
      first = { host, gateway: ref };
    } else if (svc) {
      first = { host: svc, sourceNamespace: namespaceOf(entryVs) };
    }
    for (const v of vss) {
      const s = destinationService(v);
      if (v !== entryVs && s && !services.includes(s)) services.push(s);
    }
  } else {
    const svc = stage.manifests.find((m) => m.kind === 'Service' && m.apiVersion === 'v1');
    if (svc) {
      services.push(svc.metadata.name);
      first = { host: svc.metadata.name, sourceNamespace: namespaceOf(svc) };
    }
  }
  const tcp = Boolean(entryVs && !entryVs.spec?.http && entryVs.spec?.tcp);
  // A TCP connection is sent to the first port the TCP rules match on (e.g. the gateway's 31400).
  const tcpPort: number | undefined = tcp ? (entryVs.spec.tcp as any[]).flatMap((r) => r.match ?? []).find((m: any) => m.port !== undefined)?.port : undefined;
  const rows: RouteReportRow[] = [];
  const cases: readonly SampleRequest[] = tcp ? [{ label: 'TCP connection' }] : samples;
  for (const sample of cases) {
    if (!first) {
      rows.push({ label: sample.label, shares: { failed: 1 } });
      continue;
    }
    const req: SimRequest = { ...first, headers: sample.headers, cookies: sample.cookies, ...(tcp ? { protocol: 'tcp' as const, port: tcpPort } : {}) };
    const paths = simulateChain(manifests, req, services.slice(1), { propagateHeaders: true });
    const shares = shareByVersionChain(paths);
    const routed = paths.reduce((a, p) => a + p.probability, 0);
    if (routed < 1 - 1e-9) shares.failed = Math.round((1 - routed) * 1e9) / 1e9;
    rows.push({ label: sample.label, shares });
  }
  return { rollout: stage.rolloutPath, index: stage.index, stage: stage.stage, entry, services, rows };
}

function percent(p: number): string {
  return `${Number((p * 100).toFixed(2))}%`;
}

/** Renders reports as text: per rollout, per stage, one line per sample request. */
export function formatRouteReports(reports: readonly StageRouteReport[]): string {
  const lines: string[] = [];
  let rollout: string | undefined;
  for (const r of reports) {
    if (r.rollout !== rollout) {
      if (rollout !== undefined) lines.push('');
      lines.push(r.rollout);
      rollout = r.rollout;
    }
    lines.push(`  ${String(r.index).padStart(2, '0')}-${r.stage}  (${[r.entry, ...r.services].join(' -> ')})`);
    const width = Math.max(...r.rows.map((row) => row.label.length));
    for (const row of r.rows) {
      const shares = Object.entries(row.shares).map(([k, p]) => `${k} ${percent(p)}`).join(', ');
      lines.push(`    ${row.label.padEnd(width)}  ${shares}`);
    }
  }
  return lines.join('\n');
}
