import { Problem } from './problems';

/**
 * Kubernetes label keys and values (the API server's `IsQualifiedName` and `IsValidLabelValue`), for
 * labels the library matches on rather than sets, such as Istio `sourceLabels`: Istio's webhook rejects
 * a VirtualService whose match names an invalid label, and a pod can never carry one.
 */

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True when `key` is a label key: an optional DNS-1123 subdomain prefix (at most 253) and `/`, then a name of 1-63 characters. */
export function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !PREFIX.test(prefix))) return false;
  return name.length <= 63 && NAME.test(name);
}

/** True when `value` is a label value: empty, or 1-63 letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME.test(value));
}

/** The problems of a set of labels to match on; `what` names them, e.g. `stage "s", route 1: sourceLabels`. */
export function labelSelectorProblems(labels: Readonly<Record<string, string>>, what: string): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!isLabelKey(key)) {
      problems.push({
        message: `${what}: "${key}" is not a valid label key, so no pod can carry it and Istio rejects the match.`,
        fix: 'use an optional DNS subdomain prefix and "/", then 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (e.g. "app" or "example.com/team").',
      });
    } else if (typeof value !== 'string' || !isLabelValue(value)) {
      problems.push({
        message: `${what}: value ${JSON.stringify(value)} of label "${key}" is not a valid label value, so no pod can carry it and Istio rejects the match.`,
        fix: 'use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (e.g. "v2").',
      });
    }
  }
  return problems;
}
