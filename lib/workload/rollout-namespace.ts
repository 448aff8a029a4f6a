import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { reportProblem } from '../validation/problems';
import { checkDnsLabel } from '../validation/rules';
import { IstioInjection } from './istio-injection';
import { PodSecurityLevel } from './pod-security';
import { MANAGED_BY, MANAGED_BY_LABEL } from './standard-labels';

/** Properties of `RolloutNamespace`. */
export interface RolloutNamespaceProps {
  /** Namespace name. @default - the chart's namespace */
  readonly name?: string;
  /** How Istio joins the pods to the mesh. @default IstioInjection.NONE */
  readonly istioInjection?: IstioInjection;
  /** Pod Security Admission level: enforced, audited and warned about. @default PodSecurityLevel.RESTRICTED */
  readonly podSecurity?: PodSecurityLevel;
  /** Kubernetes minor version of the level's rules (`v1.30`), so a cluster upgrade cannot tighten them unannounced. @default 'latest' */
  readonly podSecurityVersion?: string;
  /** Extra labels. @default - none */
  readonly labels?: Record<string, string>;
}

/**
 * The Namespace the application runs in, with Pod Security Admission labels
 * (`pod-security.kubernetes.io/enforce|audit|warn`, restricted by default) and the Istio injection label.
 */
export class RolloutNamespace extends Construct {
  /** The Namespace object. */
  public readonly apiObject: ApiObject;
  /** Namespace name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: RolloutNamespaceProps = {}) {
    super(scope, id);
    const chartNamespace = Chart.of(this).namespace;
    this.name = props.name ?? chartNamespace ?? '';
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    const injection = props.istioInjection ?? IstioInjection.NONE;
    const version = props.podSecurityVersion ?? 'latest';
    if (this.name === '') {
      reportProblem(this, { message: 'the namespace has no name and the chart has no namespace.', fix: "set name, or give the chart a namespace (new Chart(app, id, { namespace: 'shop' }))." });
    } else {
      const p = checkDnsLabel(this.name, 'namespace name');
      if (p) reportProblem(this, p);
    }
    if (version !== 'latest' && !/^v1\.\d+$/.test(version)) {
      reportProblem(this, { message: `podSecurityVersion "${version}" is neither "latest" nor a Kubernetes minor version.`, fix: "use 'latest' or a version such as 'v1.30'." });
    }
    if (injection.needsNetAdmin && level !== PodSecurityLevel.PRIVILEGED) {
      reportProblem(this, {
        message: `${injection.description} adds the istio-init container to every pod, which needs the NET_ADMIN and NET_RAW capabilities that pod security level "${level.value}" forbids, so no pod of the namespace would be admitted.`,
        fix: 'install Istio CNI and use IstioInjection.sidecarWithCni(), or use IstioInjection.AMBIENT; only PodSecurityLevel.PRIVILEGED admits istio-init.',
      });
    }
    const labels: Record<string, string> = Object.assign({}, props.labels, injection.labels, { [MANAGED_BY_LABEL]: MANAGED_BY });
    for (const mode of ['enforce', 'audit', 'warn']) {
      labels[`pod-security.kubernetes.io/${mode}`] = level.value;
      labels[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    this.apiObject = new ApiObject(this, 'Resource', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.name, labels } });
    // A Namespace is cluster-scoped: drop the chart's namespace that cdk8s puts on every object.
    if (chartNamespace !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
