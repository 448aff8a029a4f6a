import { ApiObject, App, Chart } from 'cdk8s';
import { VersionedDeployment, VersionedDeploymentProps } from '../workload/versioned-deployment';

/**
 * The pod template (`spec.template`) the shared workload module renders for a version: labels,
 * restricted security context, resources, probes. Built in a throw-away app so engines that own
 * their pods (an Argo `Rollout`) get exactly the pods a `VersionedDeployment` would run, without
 * emitting the Deployment. Input problems are not reported here: call `versionProblems` on the caller.
 */
export function podTemplateOf(props: VersionedDeploymentProps): any {
  const chart = new Chart(new App(), 'pod-template');
  const d = new VersionedDeployment(chart, 'Deployment', props);
  return ApiObject.of(d.deployment).toJson().spec.template;
}
