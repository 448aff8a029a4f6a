import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AnalysisTemplate, RolloutSpec } from '../../imports/argoproj.io';
import { VirtualService, VirtualServiceV1Beta1 } from '../../imports/networking.istio.io';
import { istioClass, IstioApiVersion, IstioOptions, serviceFqdn } from '../providers/istio/api-version';
import { createGateway } from '../providers/istio/gateway';
import { GatewayOptions } from '../providers/core/gateway';
import { toIstioHttp } from '../providers/istio/virtual-service';
import { declareExternalGateway } from '../app/app-checks';
import { gatewayCreatedHere } from '../providers/core/gateway-hosts';
import { Problem, reportProblem } from '../validation/problems';
import { checkDnsLabel, checkHostName, checkPort } from '../validation/rules';
import { AppService } from '../workload/app-service';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { workloadOptions } from '../workload/versioned-app';
import { APP_LABEL, versionProblems } from '../workload/versioned-deployment';
import { createRollbackAnalysisTemplate, createRolloutObject, rollbackAnalysisArgs, rollbackTemplateName, rolloutBaseSpec } from './argo-parts';
import { analysisIterationsProblems } from './blue-green-plan';
import { resolveThresholds, RollbackThresholds, thresholdProblems } from './thresholds';

/** A request header that reaches the preview (green) while users get the active version. */
export interface ArgoPreviewHeader {
  /** Header name, lower-case, e.g. `x-preview`. */
  readonly name: string;
  /** Exact value, e.g. `true`. */
  readonly value: string;
}

/** Properties of `ArgoBlueGreenRollout`. */
export interface ArgoBlueGreenRolloutProps extends WorkloadOptions, IstioOptions {
  /** Application name: the Rollout, the active Service and the `app` label. */
  readonly name: string;
  /** The new version (green): the Rollout's pod template runs it. */
  readonly version: VersionSpec;
  /** When to roll back; becomes the AnalysisTemplate `<name>-rollback-checks`. */
  readonly thresholds: RollbackThresholds;
  /**
   * Checks (one per thresholds interval) of the pre-promotion analysis (green on the preview Service,
   * users on blue) and of the post-promotion analysis (users on green, blue still running).
   */
  readonly checks: number;
  /** Port of the active and preview Services. @default 80 */
  readonly servicePort?: number;
  /** The Service selecting green (Argo's `previewService`). @default `<name>-preview` */
  readonly previewServiceName?: string;
  /** Traffic from outside the cluster: an Istio Gateway and a VirtualService to the active Service. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /** Needs `gateway`: an external host that reaches the preview Service, through a `<name>-preview` VirtualService. @default - none */
  readonly previewHost?: string;
  /** Requests with this header reach the preview Service (a VirtualService rule before the users' rule). @default - none */
  readonly previewHeader?: ArgoPreviewHeader;
  /** Prometheus the analysis queries. @default 'http://prometheus.istio-system:9090' */
  readonly prometheusAddress?: string;
}

/**
 * An Argo Rollouts blue-green release: a `Rollout` with the `blueGreen` strategy (pods as
 * `VersionedDeployment` renders them), the active Service `<name>` and the preview Service that
 * Argo points at the old and the new ReplicaSet, and the `AnalysisTemplate` with the rollback checks,
 * run before the switch (`prePromotionAnalysis`, on green through the preview Service) and after it
 * (`postPromotionAnalysis`, with blue kept until it passes; a failure switches users back).
 * `autoPromotionEnabled: false`: the switch waits for `kubectl argo rollouts promote`, the gate the
 * manual plan's `switch` pull request was. With a gateway (or a preview header), Istio objects route
 * to the Services, not to subsets, so Argo's selector switch is all that moves users; nothing
 * here is rewritten at run time.
 */
export class ArgoBlueGreenRollout extends Construct {
  /** The Service users call (`activeService`). */
  public readonly activeService: AppService;
  /** The Service selecting green (`previewService`). */
  public readonly previewService: AppService;
  /** The Istio Gateway, when created here. */
  public readonly gateway?: ApiObject;
  /** The VirtualService to the active (and, by header, the preview) Service, with a gateway or a preview header. */
  public readonly virtualService?: ApiObject;
  /** The VirtualService of the preview host. */
  public readonly previewVirtualService?: ApiObject;
  /** The rollback checks (with a count: both analyses end). */
  public readonly analysisTemplate: AnalysisTemplate;
  /** The Rollout (`argoproj.io/v1alpha1`). */
  public readonly rollout: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoBlueGreenRolloutProps) {
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    const workload = workloadOptions(props);
    const problems: Problem[] = [
      ...thresholdProblems(props.thresholds),
      ...analysisIterationsProblems(props.checks, 'checks'),
      ...versionProblems({ ...workload, app: props.name, version: props.version }),
    ];
    const t = resolveThresholds(props.thresholds);
    const port = props.servicePort ?? 80;
    const previewName = props.previewServiceName ?? `${props.name}-preview`;
    for (const x of [checkDnsLabel(props.name, 'application name'), checkPort(port, 'service port')]) if (x) problems.push(x);
    if (props.previewHost !== undefined) {
      const p = checkHostName(props.previewHost, 'previewHost');
      if (p) problems.push(p);
      if (!props.gateway) problems.push({ message: `previewHost "${props.previewHost}" needs a gateway: it is an external host served by an Istio Gateway.`, fix: 'set gateway, or remove previewHost and use the preview Service.' });
    }
    if (props.previewHeader && !/^[a-z0-9][a-z0-9-]*$/.test(props.previewHeader.name)) {
      problems.push({ message: `previewHeader name "${props.previewHeader.name}" is not a lower-case HTTP header name.`, fix: 'use lower-case letters, digits and "-", e.g. "x-preview".' });
    }

    const service = (sid: string, name: string) => new AppService(this, sid, {
      name,
      selector: { [APP_LABEL]: props.name },
      port,
      targetPort: props.containerPort,
      protocol: props.protocol,
    });
    this.activeService = service('ActiveService', props.name);
    this.previewService = service('PreviewService', previewName);

    const activeHost = serviceFqdn(props.name, namespace);
    const previewHost = serviceFqdn(previewName, namespace);
    const gw = props.gateway;
    const ref = gw ? (gw.namespace && gw.namespace !== namespace ? `${gw.namespace}/${gw.name}` : gw.name) : undefined;
    if (gw) {
      problems.push(...[checkDnsLabel(gw.name, 'gateway name'), checkPort(gw.port ?? 80, 'gateway port'), ...gw.hosts.map((h) => checkHostName(h, 'gateway host'))].filter((x): x is Problem => x !== undefined));
      if (gatewayCreatedHere(gw)) {
        this.gateway = createGateway(this, 'Gateway', {
          name: gw.name,
          namespace: gw.namespace,
          selector: gw.selector,
          servers: [{ port: gw.port ?? 80, protocol: 'HTTP', hosts: props.previewHost ? [...gw.hosts, props.previewHost] : [...gw.hosts] }],
          apiVersion: props.istioApiVersion,
        });
      } else {
        if (gw.external) declareExternalGateway(this, gw.namespace ?? namespace ?? 'default', gw.name);
      }
    }
    if (gw || props.previewHeader) {
      const mesh = gw ? gw.includeMesh ?? true : true;
      const header = props.previewHeader;
      this.virtualService = virtualService(this, 'VirtualService', props.istioApiVersion, {
        metadata: { name: props.name },
        spec: {
          hosts: gw ? (mesh ? [...gw.hosts, activeHost] : [...gw.hosts]) : [activeHost],
          ...(gw ? { gateways: mesh ? [ref!, 'mesh'] : [ref!] } : {}),
          http: [
            ...(header ? toIstioHttp([{ name: 'preview', matches: [{ headers: { [header.name]: { exact: header.value } } }], split: [{ version: previewName, weight: 100 }] }], previewHost, undefined, false) : []),
            ...toIstioHttp([{ name: 'active', split: [{ version: props.name, weight: 100 }] }], activeHost, undefined, false),
          ],
        },
      });
    }
    if (props.previewHost && gw) {
      this.previewVirtualService = virtualService(this, 'PreviewVirtualService', props.istioApiVersion, {
        metadata: { name: `${props.name}-preview` },
        spec: {
          hosts: [props.previewHost],
          gateways: [ref!],
          http: toIstioHttp([{ name: 'preview', split: [{ version: previewName, weight: 100 }] }], previewHost, undefined, false),
        },
      });
    }

    const templateName = rollbackTemplateName(props.name);
    this.analysisTemplate = createRollbackAnalysisTemplate(this, 'AnalysisTemplate', {
      name: props.name,
      thresholds: t,
      prometheusAddress: props.prometheusAddress,
      count: props.checks,
    });
    const analysis = { templates: [{ templateName }], args: rollbackAnalysisArgs(props.name, props.version.name) };
    const spec: RolloutSpec = {
      ...rolloutBaseSpec(props.name, props.version, props),
      strategy: {
        blueGreen: {
          activeService: props.name,
          previewService: previewName,
          autoPromotionEnabled: false,
          prePromotionAnalysis: analysis,
          postPromotionAnalysis: analysis,
        },
      },
    };
    this.rollout = createRolloutObject(this, 'Rollout', props.name, props.version, workload, spec);
    problems.forEach((x) => reportProblem(this, x));
  }
}

function virtualService(scope: Construct, id: string, apiVersion: IstioApiVersion | undefined, props: ConstructorParameters<typeof VirtualService>[2]): ApiObject {
  const Kind = istioClass(apiVersion, VirtualService, VirtualServiceV1Beta1);
  return new Kind(scope, id, props);
}
