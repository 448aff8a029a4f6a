import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { reportProblem, reportProblems } from '../validation/problems';
import { checkDnsLabel, checkPort, firstDuplicate } from '../validation/rules';
import { requireProps } from '../validation/required-props';
import { chartNamespaceProblems } from '../validation/chart-namespace';

/** Properties of `DedicatedIngressGateway`. */
export interface DedicatedIngressGatewayProps {
  /** Name of the Deployment and Service, and the value of its `istio` pod label, e.g. `tcp-echo-ingress`. */
  readonly name: string;
  /** Ports its Service exposes (and the Gateway servers that select it listen on), e.g. `[31400]`. */
  readonly ports: number[];
  /** Number of gateway pods. @default 1 */
  readonly replicas?: number;
}

/** Port name Istio reads the protocol from (IST0118): http2 for 80/8080, https for 443/8443, tcp otherwise. */
function portName(port: number): string {
  if (port === 80 || port === 8080) return `http2-${port}`;
  if (port === 443 || port === 8443) return `https-${port}`;
  return `tcp-${port}`;
}

/**
 * An ingress gateway of its own, deployed by the app with Istio's gateway injection: a Deployment
 * (image `auto`, annotation `inject.istio.io/templates: gateway`, label `sidecar.istio.io/inject: "true"`,
 * restricted pod security) and a Service exposing `ports`. Use it when the cluster's ingress does not
 * expose a port you need (Istio's default profile exposes 80 and 443 only; TCP's 31400 is the demo
 * profile's): pass `selector` as the gateway selector of the construct, so the Gateway is served by it.
 *
 * @example
 * const ingress = new DedicatedIngressGateway(chart, 'ingress', { name: 'tcp-echo-ingress', ports: [31400] });
 * new TcpCanary(chart, 'tcp-echo', { ..., gateway: { name: 'tcp-echo-gateway', port: 31400, selector: ingress.selector } });
 */
export class DedicatedIngressGateway extends Construct {
  /** The gateway Deployment. */
  public readonly deployment: ApiObject;
  /** Its Service. */
  public readonly service: ApiObject;
  /** Labels that select its pods: pass as a Gateway `selector`. */
  public readonly selector: Record<string, string>;
  /** Ports its Service exposes. */
  public readonly ports: readonly number[];

  constructor(scope: Construct, id: string, props: DedicatedIngressGatewayProps) {
    requireProps(scope, id, 'DedicatedIngressGateway', props, ['name', 'ports']);
    super(scope, id);
    reportProblems(this, chartNamespaceProblems(this));
    const namespace = Chart.of(this).namespace;
    this.selector = { istio: props.name };
    this.ports = [...props.ports];
    const problems = [checkDnsLabel(props.name, 'dedicated ingress gateway name'), ...props.ports.map((p) => checkPort(p, 'dedicated ingress gateway port'))];
    for (const p of problems) if (p) reportProblem(this, p);
    if (props.ports.length === 0) reportProblem(this, { message: 'the dedicated ingress gateway has no ports.', fix: 'list the ports it serves, e.g. [31400].' });
    const dup = firstDuplicate(props.ports);
    if (dup !== undefined) reportProblem(this, { message: `dedicated ingress gateway port ${dup} is listed twice.`, fix: 'list each port once.' });
    const labels = { 'app': props.name, ...this.selector, 'sidecar.istio.io/inject': 'true' };
    const metadata = { name: props.name, ...(namespace ? { namespace } : {}), labels: { app: props.name, ...this.selector } };
    this.deployment = new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: props.replicas ?? 1,
        selector: { matchLabels: { ...this.selector } },
        template: {
          metadata: { annotations: { 'inject.istio.io/templates': 'gateway' }, labels },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'istio-proxy',
              // Istio's injection replaces `auto` with its proxy image.
              image: 'auto',
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } },
            }],
          },
        },
      },
    });
    this.service = new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: {
        type: 'LoadBalancer',
        selector: { ...this.selector },
        // Unprivileged pods cannot bind ports below 1024: 80 and 443 listen on 8080 and 8443, as Istio's own ingress does.
        ports: props.ports.map((port) => ({ name: portName(port), port, targetPort: port < 1024 ? port + 8000 : port, protocol: 'TCP' })),
      },
    });
  }
}
