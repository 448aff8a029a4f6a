import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ensureAppChecks } from '../app/app-checks';
import { reportProblem } from '../validation/problems';
import { checkDns1035Label, checkIstioPortName, checkPort } from '../validation/rules';
import { AppProtocol, portNameFor } from './options';

/** Properties of `AppService`. */
export interface AppServiceProps {
  /** Service name (DNS-1123 label). */
  readonly name: string;
  /** Pod labels the Service selects, e.g. `{ app: 'demo4' }` (all versions) or `{ app, version: 'v2' }`. */
  readonly selector: Record<string, string>;
  /** Service port. @default 80 */
  readonly port?: number;
  /** Container port traffic goes to. @default 80 */
  readonly targetPort?: number;
  /** Protocol, used to name the port for Istio's protocol selection. @default 'http' */
  readonly protocol?: AppProtocol;
  /** Extra labels of the Service (its `app` label stays). @default - none */
  readonly labels?: Record<string, string>;
}

/** A ClusterIP Service in front of an application's pods, with a protocol-named port. */
export class AppService extends Construct {
  /** The cdk8s-plus Service. */
  public readonly service: kplus.Service;
  /** Service name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    ensureAppChecks(this);
    this.name = props.name;
    const port = props.port ?? 80;
    const portName = portNameFor(props.protocol ?? 'http');
    for (const p of [checkDns1035Label(props.name, 'Service name'), checkPort(port, 'Service port'), checkIstioPortName(portName, 'Service port name')]) if (p) reportProblem(this, p);
    this.service = new kplus.Service(this, 'Resource', {
      metadata: { name: props.name, labels: Object.assign({}, props.labels, { app: props.selector.app ?? props.name }) },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: portNameFor(props.protocol ?? 'http'), port, targetPort: props.targetPort ?? 80, protocol: kplus.Protocol.TCP }],
    });
    for (const [k, v] of Object.entries(props.selector)) this.service.selectLabel(k, v);
  }
}
