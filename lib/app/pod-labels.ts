import { ApiObject, App, ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { ObjectJson } from './object-json';

/**
 * The pod template labels of a workload object, for the app checks that match Gateway selectors to
 * the app's pods. Rendering a Deployment to read them is the costliest part of validating an app (a
 * cdk8s-plus Deployment resolves its whole pod spec), so a workload built by this library registers a
 * reader that computes the same labels from what it renders them from. The reader is not used, and the
 * object is rendered, when something this library does not see could change them: a JSON patch on the
 * object or an app resolver of the user's.
 */
export type PodLabelsReader = () => Record<string, string>;

const READERS = new WeakMap<ApiObject, PodLabelsReader>();
// (filtered: a cdk8s release in the supported range may lack one of them)
const BUILT_IN_RESOLVERS = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver].filter((c) => typeof c === 'function');

/** Registers how to read the pod template labels `workload` renders (see `PodLabelsReader`). */
export function registerPodLabels(workload: ApiObject, read: PodLabelsReader): void {
  READERS.set(workload, read);
}

/** True when the rendered object is exactly what its construct computes: no JSON patch, no custom resolver. */
function renderedAsComputed(obj: ApiObject): boolean {
  const patches = (obj as unknown as { patches?: unknown }).patches;
  if (!Array.isArray(patches) || patches.length > 0) return false;
  let resolvers: unknown;
  try {
    resolvers = App.of(obj).resolvers;
  } catch {
    return false; // not in an App
  }
  return Array.isArray(resolvers) && resolvers.every((r) => BUILT_IN_RESOLVERS.some((c) => r instanceof c));
}

/** The labels of the pods `workload` (a Deployment) creates: `spec.template.metadata.labels` as rendered. */
export function podTemplateLabels(workload: ApiObject, json: ObjectJson): Record<string, string> {
  const read = READERS.get(workload);
  if (read && renderedAsComputed(workload)) return read();
  return json(workload).spec?.template?.metadata?.labels ?? {};
}
