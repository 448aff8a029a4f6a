// Public API of the library: explicit exports only (internal helpers stay in their modules).

// Strategies (the constructs users write) and their options.
export { CanaryService, type CanaryServiceProps } from './canary/canary-service';
export { type CanaryTrafficSplit, type ReplicaRounding, type StageReplicas, planStageReplicas } from './canary/replica-split';
export { BlueGreenService, type BlueGreenServiceProps, DEFAULT_PREVIEW_HEADER, type PreviewHeader } from './bluegreen/bluegreen-service';
export { HeaderRoute, type HeaderRouteProps } from './header-route/header-route';
export { type HeaderRouteStage } from './header-route/header-route-stages';
export { type ContentRoute, type RouteTarget } from './header-route/route-target';
export { TcpCanary, type TcpCanaryProps, type TcpGatewayOptions, type TcpProbeOptions, type TcpWorkloadOptions } from './tcp/tcp-canary';
export { HTTP_ONLY_OPTIONS } from './tcp/http-only-options';
export { MultiServiceRelease, type MultiServiceReleaseProps, type EntryServiceSpec, type ReleaseServiceSpec } from './multi-service/multi-service-release';
export { type MultiServiceStage } from './multi-service/multi-service-stages';
export { ReleasedService, type ReleasedServiceProps } from './multi-service/released-service';

// Stage plans.
export { type BlueGreenAction, type BlueGreenStage, type BlueGreenStageInput, DEFAULT_BLUE_GREEN_STAGES, resolveBlueGreenStages } from './stages/bluegreen-stages';
export { type CanaryStage, type CanaryStageInput, PROMOTED_STAGE, type ResolvedCanaryStage, resolveCanaryStages } from './stages/canary-stages';
export { type StageVersionWeight, type VersionWeightsStage } from './stages/version-weights';

// Rollouts, stages and the ROLLOUT_* settings.
export { StagedRollout, type NamedStage } from './rollout/staged-rollout';
export { type IRollout, findRollouts, isRollout } from './app/rollout';
export { STAGE_OVERRIDES_CONTEXT, STAGE_INDEX_CONTEXT, STAGE_POSITION_ENV_VAR } from './rollout/active-stage';
export { type ObjectIdentity, type RolloutReport, STAGE_REPORT_ENV_VAR, type StageReport } from './rollout/stage-report';
export { ALL_STAGES_ENV_VAR, type AppBuilder, type RenderAllStagesOptions, type RenderedStage, renderAllStages, stageFolder } from './rollout/render-stages';
export { STAGE_ENV_VAR, TRAFFIC_ENV_VAR, parseStageEnv } from './settings/env';
export { TRAFFIC_CONTEXT, type TrafficApi, type TrafficApiChoice, type TrafficApiSource, chooseTrafficApi } from './settings/traffic-setting';

// Workloads: pod options, resources, per-version config, scaling, namespaces.
export { type AppProtocol, type CountOrPercent, DEFAULT_RUN_AS_USER, type HttpProbeOptions, type RolloutKnobs, type VersionSpec, type WorkloadOptions } from './workload/options';
export { type ContainerResources, DEFAULT_RESOURCES, type ResourceRange } from './workload/resources';
export { type Affinity, type ConfigMapVolumeSource, type EmptyDirVolumeSource, type EnvFromRef, type EnvFromSource, type EnvVarSource, type KeySelector, type KeyToPath, type LabelSelector, type LabelSelectorRequirement, type NodeAffinity, type NodeSelectorRequirement, type NodeSelectorTerm, type PersistentVolumeClaimVolumeSource, type PodAffinity, type PodAffinityTerm, type ProjectedVolumeSource, type SecretVolumeSource, type ServiceAccountTokenProjection, type Toleration, type TopologySpreadConstraint, type Volume, type VolumeMount, type VolumeProjection, type WeightedPodAffinityTerm } from './workload/pod-types';
export { PullPolicy } from './workload/pull-policy';
export { PreStop } from './workload/pre-stop';
export { type PodTemplateMetadata, type PodTemplateOverride } from './workload/pod-template-override';
export { type VersionConfig, VersionConfigMap, type VersionConfigMapProps, versionConfigName, type VersionSecretRef } from './workload/version-config';
export { K8S_VERSION_LABEL, MANAGED_BY, MANAGED_BY_LABEL, NAME_LABEL, standardLabels } from './workload/standard-labels';
export { APP_LABEL, SIDECAR_INJECT_LABEL, VERSION_LABEL, VersionedDeployment, type VersionedDeploymentProps } from './workload/versioned-deployment';
export { AppService, type AppServiceProps } from './workload/app-service';
export { VersionedApp, type VersionedAppProps } from './workload/versioned-app';
export { IstioInjection } from './workload/istio-injection';
export { PodSecurityLevel } from './workload/pod-security';
export { RolloutNamespace, type RolloutNamespaceProps } from './workload/rollout-namespace';
export { type AutoscalingOptions, VersionAutoscaler, type VersionAutoscalerProps } from './scaling/autoscaling';
export { type DisruptionBudgetOptions, VersionDisruptionBudget, type VersionDisruptionBudgetProps } from './scaling/disruption-budget';

// Alerts from the rollback thresholds (Prometheus Operator PrometheusRule or a rules file).
export { RolloutAlerts, type RolloutAlertsProps } from './alerts/rollout-alerts';
export { AlertsOutput } from './alerts/alerts-output';
export { GoldenSignalAlerts, type GoldenSignalAlertsProps, type ResolvedGoldenSignals } from './alerts/golden-signals';
export { GOLDEN_SIGNAL_SEVERITY, ROLLBACK_SEVERITY, type AlertGroup, type AlertRule } from './alerts/alert-rules';
export { type WatchedRollout } from './alerts/watched-rollout';
export { prometheusDuration } from './alerts/prometheus-duration';

// The route model and the request-condition helpers.
export { type RequestMatch, type RouteRule, type StringMatch, type VersionWeight } from './routing/route-model';
export { allOf, cookie, cookieRegex, cookieSuffix, cookieSuffixRegex, escapeRe2, fromSourceLabels, header, headerExact, headerPrefix, headerRegex, matchProblems, pathPrefix } from './routing/match-helpers';
export { type BrowserFamily, type OsFamily, type UserAgentSelector, userAgent, userAgentRegex } from './routing/user-agent';

// Traffic providers: the interface, the registry and the built-in providers.
export { Traffic } from './providers/traffic';
export {
  type ITrafficProvider, type PodSplit, type ITrafficReader, type ITrafficRouting, type PreviewEntry, type RouteFeatures, type SharedGatewaySpec, type StageRouteModel, type VersionSubset, type WorkloadNeeds, type IReleasePinning, unsupportedFeatureProblems, unsupportedFeatures,
} from './providers/core/provider';
export { type GatewayOptions, type GatewayProtocol, gatewayBasicProblems, gatewayParentRef, gatewayReference } from './providers/core/gateway';
export { GatewayTls, type GatewayTlsCredentialOptions, GatewayTlsMode, type GatewayTlsOptions } from './providers/core/gateway-tls';
export {
  type ConnectionPoolPolicy, type DestinationPolicy, LoadBalancer, type OutlierDetectionPolicy, RetryOn, type RetryPolicy, type RoutePolicy,
  type TrafficPolicy, type TrafficPolicyOptions, renderDuration,
} from './providers/core/traffic-policy';
export { TRAFFIC_PROVIDERS, defaultTrafficProvider, trafficProviderOfKind } from './providers/registry';
export { renderStageRouting } from './providers/traffic-routing';
export { DedicatedIngressGateway, type DedicatedIngressGatewayProps } from './providers/dedicated-ingress-gateway';
export { IngressDescription } from './app/gateway-conflicts';
export { type GatewayRouteOptions, IngressGateway, type IngressGatewayProps, type RouteGateway } from './providers/ingress-gateway';
export { IstioProvider, type IstioTrafficOptions } from './providers/istio/provider';
export { type IstioApiVersion, type IstioOptions } from './providers/istio/api-version';
export { MeshRouting, type MeshRoutingProps } from './providers/istio/mesh-routing';
export { type SubsetSpec } from './providers/istio/destination-rule';
export { createVirtualService, type VirtualServiceSpecProps } from './providers/istio/virtual-service';
export { GatewayApiProvider, type GatewayApiTrafficOptions } from './providers/gateway-api/provider';
export { GatewayApiRouting, type GatewayApiRoutingProps, type TcpRouteApiVersion } from './providers/gateway-api/gateway-api-routing';
export { VersionServices, type VersionServicesProps, versionServiceName } from './providers/gateway-api/version-services';
export { simulateGatewayApi } from './providers/gateway-api/simulator';
export * from './providers/ingress-nginx/public-api';
export { ServiceSelectorProvider } from './providers/service-selector/provider';
export * from './providers/istio-ambient/public-api';
export { type ReplicaRatioOptions, ReplicaRatioProvider } from './providers/replica-ratio/provider';

// Progressive delivery engines.
export { type ArgoRolloutsProgressionOptions, type EngineProgression, type EngineProgressionOptions, type FlaggerProgressionOptions, Progression, type ProgressionKind } from './progressive/progression';
export { type RollbackThresholds, ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS } from './progressive/thresholds';
export { FlaggerCanary, type FlaggerCanaryProps } from './progressive/flagger-canary';
export { FlaggerBlueGreen, type FlaggerBlueGreenProps } from './progressive/flagger-blue-green';
export { ArgoRollout, type ArgoRolloutProps, type ArgoHeaderRoute } from './progressive/argo-rollout';
export { ArgoBlueGreenRollout, type ArgoBlueGreenRolloutProps, type ArgoPreviewHeader } from './progressive/argo-blue-green';

// Validation.
export { type Problem, collectValidationErrors, formatProblem, reportProblem, reportProblems } from './validation/problems';
export { appCheckProblems, declareExternalGateway, type ScopedProblem } from './app/app-checks';

// The traffic simulator and the review tools (plan, diff, route report).
export { type SimMatchedRule, type SimOutcome, type SimRequest, type SimResult } from './traffic/sim-types';
export { ManifestIndex, type SimDeployment, type SimObject, type SimService, labelsMatch } from './traffic/manifest-index';
export { type MatchContext, gatewayRef, matchBlockHolds, re2FullMatch, ruleHolds, stringMatches } from './traffic/istio-match';
export { SAMPLE_REQUESTS, SAMPLE_USER_AGENTS, type SampleRequest } from './traffic/sample-requests';
export { sampleForRegex } from './traffic/regex-sample';
export { type ReviewCondition } from './traffic/review-condition';
export { type SimPath, shareByVersion, shareByVersionChain, simulate, simulateChain } from './simulator/simulator';
export { type RouteReportRow, type StageRouteReport, formatRouteReports, reportStageRoutes } from './simulator/route-report';
export { conditionsOf } from './review/conditions';
export { loadAppBuilder } from './review/load-app';
export { type PlanOptions, type PlanStageRow, type RolloutPlan, type StagedManifests, formatPlans, formatShares, planRollouts, planStages } from './review/plan';
export { type DiffOptions, type ObjectChange, type StageDiff, diffManifests, diffRenderedStages, diffStages, formatStageDiffs, lineDiff } from './review/diff';
export { type AppRun, type RunAppOptions, type SynthesizedApp, type SynthesizedFile, type SynthesizeStagesOptions, runApp, synthesizeStages } from './review/app-runner';
export { type AppChange, type BaseInstall, type ChangeFormat, type RefOptions, type RolloutChange, type StageChange, type TrafficChange, compareApps, formatAppChange, synthesizeRef } from './review/base-diff';
export { formatSkip, skipOf, type StageSkip } from './review/stage-skip';
export { type StickySession } from './stages/sticky-session';
export { HOLD_ANNOTATION, STAGE_ANNOTATION } from './stages/stage-hold';
export { type RouteMirror } from './routing/route-model';
export { stagesFromDir } from './review/manifest-dir';

// The generated L1 types (cdk8s import), as namespaces.
export * as istio from '../imports/networking.istio.io';
export * as gatewayApi from '../imports/gateway.networking.k8s.io';
export * as argo from '../imports/argoproj.io';
export * as flagger from '../imports/flagger.app';
export * as prometheusOperator from '../imports/monitoring.coreos.com';
