import { parseFamiliarName, parseQualifiedName } from '@swimlane/docker-reference';
import { Problem } from './problems';

/**
 * The container image reference grammar of the distribution project (what the kubelet and every
 * registry client parse): `[host[:port]/]path[:tag][@digest]`, the path made of lower-case components
 * (letters and digits joined by `.`, `_`, `__` or dashes) separated by `/`. Only the registry host may
 * have upper-case letters. A reference outside the grammar makes the pod fail with `InvalidImageName`
 * after the rollout is applied; parsed with `@swimlane/docker-reference` (a port of distribution's
 * reference package).
 */

/** The registry host of a reference (the first component when it has a `.` or `:` or is `localhost`), else undefined. */
function hostOf(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const first = image.slice(0, slash);
  return /[.:]/.test(first) || first === 'localhost' ? first : undefined;
}

/** The reference with its repository path in lower case (the host, tag and digest kept). */
function lowerCasePath(image: string): string {
  const host = hostOf(image);
  const rest = host === undefined ? image : image.slice(host.length + 1);
  const end = rest.search(/[:@]/);
  const repo = end < 0 ? rest : rest.slice(0, end);
  return `${host === undefined ? '' : `${host}/`}${repo.toLowerCase()}${end < 0 ? '' : rest.slice(end)}`;
}

/** The problem of an image reference outside the grammar, or undefined when it parses. `what` names it. */
export function imageReferenceProblem(image: string, what: string): Problem | undefined {
  try {
    parseFamiliarName(image, parseQualifiedName);
    return undefined;
  } catch (e) {
    const fixed = lowerCasePath(image);
    if (fixed !== image && !imageReferenceProblem(fixed, what)) {
      return {
        message: `${what} "${image}" has upper-case letters in its repository path; only the registry host may have them, so the kubelet refuses the image (InvalidImageName).`,
        fix: `write the repository path in lower case: "${fixed}".`,
      };
    }
    return {
      message: `${what} "${image}" is not a valid image reference (${(e as Error).message}), so the kubelet refuses it (InvalidImageName).`,
      fix: 'write [registry[:port]/]path[:tag][@sha256:<64 hex>], the path in lower-case components of letters and digits joined by ".", "_", "__" or "-" and separated by "/", e.g. "registry.example.com/team/app:1.2.3".',
    };
  }
}
