import { Problem } from '../validation/problems';
import { MultiServiceReleaseProps } from './release-spec';

/**
 * Problems of a release pinned by the caller's pod labels (Istio `sourceLabels`) whose entry service
 * runs without a sidecar (`sidecarInjection: false`). The downstream rules match calls by the
 * labels of the calling pod, which only the caller's sidecar knows: calls from an entry pod without
 * one carry no source labels (and are not routed by the mesh at all), so no `sourceLabels` rule can
 * ever match and a request entering the new entry version reaches the old downstream versions.
 */
export function releaseSidecarProblems(props: MultiServiceReleaseProps): Problem[] {
  const entry = props.entry;
  if (entry.sidecarInjection !== false) return [];
  return [{
    message: `entry service "${entry.name}" has sidecarInjection: false, but the downstream services pin the release by the caller's pod labels (sourceLabels app: ${entry.name}, version: ${props.to}), which only the caller's sidecar sends: no such rule can ever match, so requests entering "${entry.name}" ${props.to} would reach the ${props.from} downstream versions.`,
    fix: `remove sidecarInjection: false from entry service "${entry.name}" (the sidecar routes its calls by the release), or use a provider that pins the release by a request header (traffic: Traffic.istioAmbient()).`,
  }];
}
