import { NO_ROUTING_FEATURES, NoRoutingProvider } from '../core/no-routing';
import { ITrafficProvider, RouteFeatures, WorkloadNeeds } from '../core/provider';

/** All traffic to one version at a time, switched by the Service selector. */
export const SERVICE_SELECTOR_FEATURES: RouteFeatures = NO_ROUTING_FEATURES;

/**
 * The `service-selector` provider: plain Kubernetes (seed 003); the Service selects
 * `version=<live>` and a blue-green switch changes the selector. No routing objects.
 */
export class ServiceSelectorProvider extends NoRoutingProvider implements ITrafficProvider {
  /** Provider kind. */
  public readonly kind = 'service-selector';
  /** Name in messages. */
  public readonly displayName = "traffic 'service-selector'";
  /** One version at a time. */
  public readonly features = SERVICE_SELECTOR_FEATURES;
  /** No mesh: no sidecar. */
  public readonly workload: WorkloadNeeds = { sidecarInjection: false };
}
