/** `app.kubernetes.io/name`: the application. */
export const NAME_LABEL = 'app.kubernetes.io/name';
/** `app.kubernetes.io/version`: the version name (`v2`), on every object that belongs to one version. */
export const K8S_VERSION_LABEL = 'app.kubernetes.io/version';
/** `app.kubernetes.io/managed-by`. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** The value of `app.kubernetes.io/managed-by`. */
export const MANAGED_BY = 'cdk8s-progressive';

/**
 * The recommended Kubernetes labels of an object of the workload layer. Selectors keep using
 * `app` and `version`; these are for people and tools (`kubectl get all -l app.kubernetes.io/name=shop`).
 * Objects shared by every version (the Service) carry no version label.
 */
export function standardLabels(app: string, version?: string): Record<string, string> {
  const labels: Record<string, string> = { [MANAGED_BY_LABEL]: MANAGED_BY, [NAME_LABEL]: app };
  if (version !== undefined) labels[K8S_VERSION_LABEL] = version;
  return labels;
}
