import { Chart } from 'cdk8s';
import { Progression,  CanaryService, CanaryServiceProps, ReplicaRatioOptions, ReplicaRounding, STAGE_OVERRIDES_CONTEXT, Traffic } from '../../../lib';
import { CatalogueEntry, propsExample, re } from '../catalogue';

/** A valid CanaryService; each entry overrides a few props. */
export const VALID_CANARY: CanaryServiceProps = {
  name: 'demo4',
  stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
  canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
  stages: [10, 50],
  stage: 'canary-10',
};

const DNS_LABEL_FIX = re('Fix: use 1-63 lower-case letters, digits or "-", starting and ending with a letter or digit (e.g. "forecast-v2").');

/** An entry whose bad input is `VALID_CANARY` with `overrides`. */
export function canaryEntry(
  id: string,
  source: string,
  overrides: Record<string, unknown>,
  path: string | string[],
  message: RegExp,
  extra: Partial<CatalogueEntry> = {},
): CatalogueEntry {
  return {
    id: `canary/${id}`,
    construct: 'CanaryService',
    source,
    example: propsExample(overrides),
    define: (chart: Chart) => {
      new CanaryService(chart, 'demo4', { ...VALID_CANARY, ...overrides } as CanaryServiceProps);
    },
    path,
    message,
    ...extra,
  };
}

export const CANARY_ENTRIES: CatalogueEntry[] = [
  // Stage plan (lib/rollout/active-stage.ts).
  canaryEntry('no-stages', 'lib/rollout/active-stage.ts', { stages: [], stage: 'canary-10' }, 'demo4',
    /^the rollout has no stages\. Fix: declare at least one stage\.$/),
  canaryEntry('stage-name-not-dns-label', 'lib/rollout/active-stage.ts', { stages: [{ name: 'Canary_10', canaryWeight: 10 }], stage: 'Canary_10' }, 'demo4',
    new RegExp(`^stage name "Canary_10" is not a valid DNS-1123 label\\. ${DNS_LABEL_FIX}$`), { rule: 'checkDnsLabel' }),
  canaryEntry('duplicate-stage-name', 'lib/rollout/active-stage.ts', { stages: [10, { name: 'canary-10', canaryWeight: 20 }] }, 'demo4',
    /^stage name "canary-10" is used more than once\. Fix: give every stage a unique name\.$/),
  canaryEntry('unknown-active-stage', 'lib/rollout/active-stage.ts', { stage: 'canary-99' }, 'demo4',
    /^active stage "canary-99" is not a stage of this rollout\. Fix: use one of: canary-10, canary-50, promoted\.$/),
  {
    ...canaryEntry('unknown-stage-from-env', 'lib/rollout/active-stage.ts', {}, 'demo4',
      /^active stage "canary-99" \(from ROLLOUT_STAGE\) is not a stage of this rollout\. Fix: use one of: canary-10, canary-50, promoted\.$/),
    example: 'ROLLOUT_STAGE=canary-99 npm run synth (with a valid CanaryService)',
    env: { ROLLOUT_STAGE: 'canary-99' },
  },
  {
    ...canaryEntry('stage-position-not-a-number', 'lib/rollout/active-stage.ts', {}, 'demo4',
      /^ROLLOUT_STAGE_POSITION="canary-50" is not a stage position\. Fix: set it to a whole number from 0 \(the position of the stage in each rollout's plan\), or unset it\.$/),
    example: 'ROLLOUT_STAGE_POSITION=canary-50 cdk8s synth (with a valid CanaryService; cdk8s-progressive synth --all-stages sets it to 0, 1, ...)',
    env: { ROLLOUT_STAGE_POSITION: 'canary-50' },
  },
  {
    ...canaryEntry('unknown-stage-from-renderer', 'lib/rollout/active-stage.ts', {}, 'demo4',
      /^active stage "canary-99" \(from the stage renderer\) is not a stage of this rollout\. Fix: use one of: canary-10, canary-50, promoted\.$/),
    example: `context ${STAGE_OVERRIDES_CONTEXT} = { '<path>': 'canary-99' } (a stage tool asking for a stage the rollout lacks)`,
    define: (chart: Chart) => {
      chart.node.setContext(STAGE_OVERRIDES_CONTEXT, { [`${chart.node.path}/demo4`]: 'canary-99' });
      new CanaryService(chart, 'demo4', VALID_CANARY);
    },
  },

  // Canary weights (lib/stages/canary-stages.ts, checkWeight in lib/validation/rules.ts).
  canaryEntry('weight-out-of-range', 'lib/stages/canary-stages.ts', { stages: [10, 150] }, 'demo4',
    /^canary weight of stage "canary-150" 150 is not an integer between 0 and 100\. Fix: use a whole percentage from 0 to 100\.$/, { rule: 'checkWeight' }),
  canaryEntry('fractional-weight', 'lib/stages/canary-stages.ts', { stages: [{ name: 'canary-12', canaryWeight: 12.5 }], stage: 'canary-12' }, 'demo4',
    /^canary weight of stage "canary-12" 12\.5 is not an integer between 0 and 100\. Fix: use a whole percentage from 0 to 100\.$/, { rule: 'checkWeight' }),
  canaryEntry('weights-backwards', 'lib/stages/canary-stages.ts', { stages: [50, 10], stage: 'canary-50' }, 'demo4',
    new RegExp(`^stage "canary-10" lowers the canary weight from 50 to 10 without being marked as a rollback\\. ${re("Fix: order the stages by increasing weight, or declare the stage as { name: 'canary-10', canaryWeight: 10, rollback: true }.")}$`)),

  // Traffic split options (lib/canary/canary-service.ts, lib/canary/replica-split.ts).
  canaryEntry('unknown-replica-rounding', 'lib/canary/canary-plan.ts', { traffic: Traffic.replicaRatio({ totalReplicas: 10, rounding: 'up' as ReplicaRounding }) }, 'demo4',
    /^rounding "up" is not a rounding rule this construct knows\. Fix: use 'exact' or 'nearest'\.$/),
  canaryEntry('replicas-without-total', 'lib/canary/canary-plan.ts', { traffic: Traffic.replicaRatio({ rounding: 'exact' } as ReplicaRatioOptions) }, 'demo4',
    /^Traffic\.replicaRatio\(\) needs totalReplicas: .+ Fix: set totalReplicas, e\.g\. 10 .+$/),
  canaryEntry('total-replicas-not-whole', 'lib/canary/canary-plan.ts', { traffic: Traffic.replicaRatio({ totalReplicas: 2.5, rounding: 'exact' }) }, 'demo4',
    /^totalReplicas 2\.5 is not a whole number of 1 or more\. Fix: use an integer pod count such as 4 or 10\.$/),
  canaryEntry('replicas-without-rounding', 'lib/canary/canary-plan.ts', { traffic: Traffic.replicaRatio({ totalReplicas: 10 } as ReplicaRatioOptions) }, 'demo4',
    /^Traffic\.replicaRatio\(\) needs rounding: .+ Fix: set rounding: 'exact' .+'nearest'.+$/),
  canaryEntry('replica-count-in-replicas-mode', 'lib/canary/canary-plan.ts', { traffic: Traffic.replicaRatio({ totalReplicas: 10, rounding: 'exact' }), replicas: 2 }, 'demo4',
    /^replicas is set to 2, but with Traffic\.replicaRatio\(\) every stage derives the replica counts from totalReplicas\. Fix: remove replicas and set totalReplicas instead\.$/),
  canaryEntry('istio-option-in-replicas-mode', 'lib/canary/canary-plan.ts', { traffic: Traffic.replicaRatio({ totalReplicas: 10, rounding: 'exact' }), gateway: { name: 'demo4-gateway', hosts: ['demo4.a.com'] } }, 'demo4',
    /^gateway is an Istio option, but traffic is Traffic\.replicaRatio\(\), which emits no Istio objects\. Fix: remove gateway, or use traffic: Traffic\.istio\(\)\.$/),
  canaryEntry('weight-not-reachable-with-replicas', 'lib/canary/replica-split.ts', { traffic: Traffic.replicaRatio({ totalReplicas: 3, rounding: 'exact' }), stages: [10] }, 'demo4',
    /^stage "canary-10" sends 10% to the canary, but 3 replicas can only give 0% \(0 of 3 pods\) or 33\.3% \(1 of 3 pods\), not 10% exactly \(rounding is 'exact'\)\. Fix: set totalReplicas to a multiple of 10, .+$/),
  canaryEntry('rounding-leaves-no-pod', 'lib/canary/replica-split.ts', { traffic: Traffic.replicaRatio({ totalReplicas: 4, rounding: 'nearest' }), stages: [10] }, 'demo4',
    /^stage "canary-10" sends 10% to the canary, which rounds to 0 of 4 pods: the canary version would get no pod and no traffic\. Fix: raise totalReplicas to at least \d+, or change the stage weight\.$/),

  canaryEntry('engine-with-replica-split', 'lib/canary/canary-engine.ts', { progression: Progression.flagger(), traffic: Traffic.replicaRatio({ totalReplicas: 10, rounding: 'exact' }) }, 'demo4',
    /^progression 'flagger' shifts traffic with weighted Istio routes, but traffic is Traffic\.replicaRatio\(\) \(weights by pod counts, no mesh\)\. Fix: use traffic: Traffic\.istio\(\) with Flagger, or keep progression: Progression\.manual\(\) for a replica-ratio canary\.$/),
  canaryEntry('engine-with-gateway-api', 'lib/canary/canary-engine.ts', { progression: Progression.argoRollouts(), traffic: Traffic.gatewayApi() }, 'demo4',
    /^progression 'argo-rollouts' emits Argo Rollouts's Istio routing \(provider istio\), but traffic 'gateway-api' asks for Gateway API objects\. Fix: set traffic: Traffic\.istio\(\) on this construct, or keep progression: Progression\.manual\(\) to render Gateway API routes for every stage\.$/),
  canaryEntry('unknown-traffic-api', 'lib/settings/traffic-setting.ts', { traffic: 'nginx' }, 'demo4',
    /^traffic "nginx" is not a traffic API this library renders\. Fix: use one of 'istio', 'istio-ambient', 'gateway-api', 'ingress-nginx', 'service-selector' \(the registered traffic providers.+$/),
  canaryEntry('tcp-protocol-with-istio-split', 'lib/canary/canary-plan.ts', { protocol: 'tcp' }, 'demo4',
    /^protocol 'tcp' with traffic 'istio' would render HTTP routes, which Istio does not apply to a TCP port, so the weights would be ignored\. Fix: use TcpCanary for a TCP service, or traffic: Traffic\.replicaRatio\(\{ totalReplicas, rounding \}\)\.$/),

  // Workload (lib/workload/*, checks in lib/validation/rules.ts).
  canaryEntry('service-name-not-dns-label', 'lib/workload/app-service.ts', { name: 'Demo_4' }, 'demo4/App/Service',
    new RegExp(`^Service name "Demo_4" is not a valid DNS-1123 label\\. ${DNS_LABEL_FIX}$`), { rule: 'checkDnsLabel' }),
  canaryEntry('service-name-starts-with-digit', 'lib/workload/app-service.ts', { name: '4demo' }, 'demo4/App/Service',
    /^Service name "4demo" starts with a digit, but Kubernetes requires it to start with a letter \(DNS-1035\)\. Fix: start the name with a lower-case letter \(e\.g\. "app-4demo"\)\.$/, { rule: 'checkDns1035Label' }),
  canaryEntry('service-port-out-of-range', 'lib/workload/app-service.ts', { servicePort: 0 }, 'demo4/App/Service',
    /^Service port 0 is out of range\. Fix: use an integer port between 1 and 65535\.$/, { rule: 'checkPort' }),
  canaryEntry('port-name-not-istio-protocol', 'lib/workload/app-service.ts', { protocol: 'web' }, 'demo4/App/Service',
    /^Service port name "web" does not follow Istio's protocol selection rules, so Istio would not know the port's protocol and HTTP routes would not apply\. Fix: name the port <protocol>\[-<suffix>\] with a protocol of http, http2, https, grpc, grpc-web, mongo, mysql, redis, tcp, tls, udp \(e\.g\. "http" or "http-web"\), at most 15 lower-case characters\.$/, { rule: 'checkIstioPortName' }),
  canaryEntry('same-version-name-twice', 'lib/workload/versioned-app.ts', { canary: { name: 'v1', image: 'mritd/demo:2.0.0' } }, 'demo4/App',
    /^version name "v1" is used by two versions, so their pods carry the same labels\. Fix: give every version a distinct name \(e\.g\. "v1" and "v2"\)\.$/),
  canaryEntry('version-name-not-dns-label', 'lib/workload/versioned-deployment.ts', { canary: { name: 'V2', image: 'mritd/demo:2.0.0' } }, 'demo4/App/Deployment-V2',
    new RegExp(`^version name "V2" is not a valid DNS-1123 label\\. ${DNS_LABEL_FIX}$`), { rule: 'checkDnsLabel' }),
  canaryEntry('deployment-name-too-long', 'lib/workload/versioned-deployment.ts',
    { name: 'payments-gateway-frontend-service', canary: { name: 'release-2024-11-24-hotfix-candidate', image: 'mritd/demo:2.0.0' } },
    'demo4/App/Deployment-release-2024-11-24-hotfix-candidate',
    new RegExp(`^Deployment name "payments-gateway-frontend-service-release-2024-11-24-hotfix-candidate" is not a valid DNS-1123 label\\. ${DNS_LABEL_FIX}$`), { rule: 'checkDnsLabel' }),
  canaryEntry('image-without-tag', 'lib/workload/versioned-deployment.ts', { canary: { name: 'v2', image: 'mritd/demo' } }, 'demo4/App/Deployment-v2',
    /^image of version "v2" "mritd\/demo" has no tag, so it runs whatever "latest" is when the pod starts\. Fix: pin a version \("mritd\/demo:1\.2\.3"\) or a digest \("mritd\/demo@sha256:\.\.\."\), or set allowMutableImageTag: true\.$/, { rule: 'checkImage' }),
  canaryEntry('image-latest-tag', 'lib/workload/versioned-deployment.ts', { canary: { name: 'v2', image: 'mritd/demo:latest' } }, 'demo4/App/Deployment-v2',
    /^image of version "v2" "mritd\/demo:latest" uses the mutable "latest" tag\. Fix: pin a version tag or a digest, or set allowMutableImageTag: true\.$/, { rule: 'checkImage' }),
  canaryEntry('image-invalid-tag', 'lib/workload/versioned-deployment.ts', { canary: { name: 'v2', image: 'mritd/demo:2.0.0+build' } }, 'demo4/App/Deployment-v2',
    /^image of version "v2" "mritd\/demo:2\.0\.0\+build" has an invalid tag "2\.0\.0\+build"\. Fix: use a tag of letters, digits, "_", "\." or "-" \(at most 128\)\.$/, { rule: 'checkImage' }),
  canaryEntry('empty-container-image', 'lib/workload/versioned-deployment.ts', { canary: { name: 'v2', image: '' } }, 'demo4/App/Deployment-v2',
    /^image of version "v2" is empty, so the container has nothing to run\. Fix: set the image, pinned to a version, e\.g\. "registry\.example\.com\/app:1\.2\.3"\.$/, { rule: 'checkImage' }),
  canaryEntry('negative-replicas', 'lib/workload/versioned-deployment.ts', { stable: { name: 'v1', image: 'mritd/demo:1.0.0', replicas: -1 } }, 'demo4/App/Deployment-v1',
    /^replicas of version "v1" -1 is not a whole, non-negative number\. Fix: use an integer replica count of 0 or more\.$/, { rule: 'checkReplicas' }),
  canaryEntry('fractional-replicas', 'lib/workload/versioned-deployment.ts', { canary: { name: 'v2', image: 'mritd/demo:2.0.0', replicas: 1.5 } }, 'demo4/App/Deployment-v2',
    /^replicas of version "v2" 1\.5 is not a whole, non-negative number\. Fix: use an integer replica count of 0 or more\.$/, { rule: 'checkReplicas' }),
  canaryEntry('container-port-out-of-range', 'lib/workload/versioned-deployment.ts', { containerPort: 70000 }, ['demo4/App/Deployment-v1', 'demo4/App/Deployment-v2'],
    /^container port 70000 is out of range\. Fix: use an integer port between 1 and 65535\.$/, { count: 2, rule: 'checkPort' }),

  // Gateway options (lib/providers/istio/mesh-routing.ts, checks in lib/validation/rules.ts).
  canaryEntry('gateway-host-not-dns-name', 'lib/providers/istio/mesh-routing.ts', { gateway: { name: 'demo4-gateway', hosts: ['demo4..a.com'] } }, 'demo4/Routing',
    /^gateway host "demo4\.\.a\.com" is not a valid host name\. Fix: use a DNS name such as "demo4\.a\.com", a wildcard such as "\*\.a\.com", or "\*"\.$/, { rule: 'checkHostName' }),
  canaryEntry('gateway-name-not-dns-label', 'lib/providers/istio/mesh-routing.ts', { gateway: { name: 'Demo4 Gateway', hosts: ['shop.a.com'] } }, 'demo4/Routing',
    new RegExp(`^gateway name "Demo4 Gateway" is not a valid DNS-1123 label\\. ${DNS_LABEL_FIX}$`), { rule: 'checkDnsLabel' }),
  canaryEntry('gateway-port-out-of-range', 'lib/providers/istio/mesh-routing.ts', { gateway: { name: 'demo4-gateway', hosts: ['demo4.a.com'], port: 65536 } }, 'demo4/Routing',
    /^gateway port 65536 is out of range\. Fix: use an integer port between 1 and 65535\.$/, { rule: 'checkPort' }),
  canaryEntry('gateway-without-hosts', 'lib/providers/istio/mesh-routing.ts', { gateway: { name: 'demo4-gateway', hosts: [] } }, 'demo4/Routing',
    /^the gateway has no hosts\. Fix: list the external hosts, e\.g\. \['demo4\.a\.com'\], or \['\*'\]\.$/),
  canaryEntry('wildcard-host-on-mesh', 'lib/providers/istio/mesh-routing.ts', { gateway: { name: 'demo4-gateway', hosts: ['*'] } }, 'demo4/Routing',
    /^the gateway host "\*" cannot be bound to the mesh: Istio rejects a VirtualService with host "\*" on the "mesh" gateway\. Fix: set includeMesh: false .+$/),
];
