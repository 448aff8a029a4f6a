import { ITrafficProvider } from './core/provider';

/** The `VersionedApp` props that apply a provider's `WorkloadNeeds`: its extra pod labels and app Service labels. */
export interface AppWorkloadNeeds {
  /** Extra pod labels. @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Extra labels of the app Service. @default - none */
  readonly serviceLabels?: Readonly<Record<string, string>>;
}

/**
 * What a strategy passes to its `VersionedApp` so the pods and the Service carry what the provider
 * needs (provider-neutral: every strategy spreads it into its app props). Sidecar injection is
 * applied by the strategies themselves (a user's `sidecarInjection` wins); namespace labels are
 * not applied here, as strategies create no Namespace (see docs/workloads.md).
 */
export function appWorkloadNeeds(provider: ITrafficProvider): AppWorkloadNeeds {
  const { podLabels, serviceLabels } = provider.workload;
  return { ...(podLabels ? { podLabels } : {}), ...(serviceLabels ? { serviceLabels } : {}) };
}
