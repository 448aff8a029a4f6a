import { RE2JS } from 're2js';
import { imageReferenceProblem } from './image-reference';
import { Problem } from './problems';

/**
 * Pure checks of single values. Each returns a Problem (message naming the value, and a fix)
 * or undefined when the value is fine. `what` names the value for the message, e.g. `version name`.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Kubernetes object or label-like name: RFC 1123 label, at most 63 characters. */
export function checkDnsLabel(value: string, what: string): Problem | undefined {
  if (value.length > 0 && value.length <= 63 && DNS1123_LABEL.test(value)) return undefined;
  return {
    message: `${what} "${value}" is not a valid DNS-1123 label.`,
    fix: 'use 1-63 lower-case letters, digits or "-", starting and ending with a letter or digit (e.g. "forecast-v2").',
  };
}

/** A DNS-1123 subdomain (dots allowed), at most 253 characters. */
export function checkDnsSubdomain(value: string, what: string): Problem | undefined {
  if (value.length > 0 && value.length <= 253 && DNS1123_SUBDOMAIN.test(value)) return undefined;
  return {
    message: `${what} "${value}" is not a valid DNS-1123 subdomain.`,
    fix: 'use lower-case letters, digits, "-" and ".", at most 253 characters, each dot-separated part starting and ending with a letter or digit.',
  };
}

/** A host name for a VirtualService or Gateway: a DNS name, optionally with a leading `*.` wildcard, or `*`. */
export function checkHostName(value: string, what: string): Problem | undefined {
  if (value === '*') return undefined;
  const name = value.startsWith('*.') ? value.slice(2) : value;
  const problem = checkDnsSubdomain(name, what);
  // Each dot-separated label of a DNS name is at most 63 characters.
  if (!problem && name.split('.').every((l) => l.length <= 63)) return undefined;
  return {
    message: `${what} "${value}" is not a valid host name.`,
    fix: 'use a DNS name such as "demo4.a.com", a wildcard such as "*.a.com", or "*".',
  };
}

/** A TCP/UDP port number. */
export function checkPort(value: number, what: string): Problem | undefined {
  if (Number.isInteger(value) && value >= 1 && value <= 65535) return undefined;
  return { message: `${what} ${value} is out of range.`, fix: 'use an integer port between 1 and 65535.' };
}

/** A traffic weight in percent. */
export function checkWeight(value: number, what: string): Problem | undefined {
  if (Number.isInteger(value) && value >= 0 && value <= 100) return undefined;
  return { message: `${what} ${value} is not an integer between 0 and 100.`, fix: 'use a whole percentage from 0 to 100.' };
}

/** Weights that must add up to 100 percent. */
export function checkWeightSum(weights: readonly number[], what: string): Problem | undefined {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 100) return undefined;
  return {
    message: `${what} sum to ${sum} (${weights.join(' + ')}), not 100.`,
    fix: 'make the weights of one route add up to exactly 100.',
  };
}

/** A replica count. */
export function checkReplicas(value: number, what: string): Problem | undefined {
  if (Number.isInteger(value) && value >= 0) return undefined;
  return { message: `${what} ${value} is not a whole, non-negative number.`, fix: 'use an integer replica count of 0 or more.' };
}

/**
 * A container image reference must pin a version: a tag other than `latest`, or a digest.
 * Mutable references make a rollout unreviewable: the same YAML can run different code. The reference
 * must also follow the image reference grammar (lower-case repository path; `imageReferenceProblem`).
 */
export function checkImage(image: string, what: string, allowMutableTag: boolean): Problem | undefined {
  if (image.trim() === '') {
    return { message: `${what} is empty, so the container has nothing to run.`, fix: 'set the image, pinned to a version, e.g. "registry.example.com/app:1.2.3".' };
  }
  if (allowMutableTag) return imageReferenceProblem(image, what);
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return imageReferenceProblem(image, what);
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) {
    return {
      message: `${what} "${image}" has no tag, so it runs whatever "latest" is when the pod starts.`,
      fix: `pin a version ("${image}:1.2.3") or a digest ("${image}@sha256:..."), or set allowMutableImageTag: true.`,
    };
  }
  const tag = lastSegment.slice(colon + 1);
  if (tag === 'latest') {
    return {
      message: `${what} "${image}" uses the mutable "latest" tag.`,
      fix: 'pin a version tag or a digest, or set allowMutableImageTag: true.',
    };
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    return { message: `${what} "${image}" has an invalid tag "${tag}".`, fix: 'use a tag of letters, digits, "_", "." or "-" (at most 128).' };
  }
  return imageReferenceProblem(image, what);
}

/** A regular expression Envoy will accept: RE2 syntax (no lookaround, no backreferences). */
export function checkRe2(regex: string, what: string): Problem | undefined {
  if (regex.length === 0 || regex.length > 1024) {
    return {
      message: `${what} is ${regex.length === 0 ? 'empty' : `${regex.length} characters long`}; Istio accepts regular expressions of 1 to 1024 characters.`,
      fix: regex.length === 0 ? 'give the regular expression a pattern, or remove the condition.' : 'use a shorter pattern (e.g. a prefix match).',
    };
  }
  try {
    RE2JS.compile(regex);
    return undefined;
  } catch (e) {
    return {
      message: `${what} /${regex}/ is not a valid RE2 regular expression (${(e as Error).message}).`,
      fix: 'Envoy uses RE2: remove lookahead/lookbehind and backreferences, and escape metacharacters.',
    };
  }
}

/** Returns the first value that occurs more than once, if any. */
export function firstDuplicate<T>(values: readonly T[]): T | undefined {
  // The lists checked per construct are short (versions, stages, route targets): compare pairwise
  // rather than allocate a Set for each. Same result: SameValueZero, the equality a Set uses.
  if (values.length <= 8) {
    for (let j = 1; j < values.length; j++) {
      const v = values[j];
      for (let i = 0; i < j; i++) {
        const u = values[i];
        if (u === v || (u !== u && v !== v)) return v;
      }
    }
    return undefined;
  }
  const seen = new Set<T>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}

/** Protocols Istio recognises in a Service port name (`<protocol>[-<suffix>]`). */
export const ISTIO_PORT_PROTOCOLS: readonly string[] = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'mongo', 'mysql', 'redis', 'tcp', 'tls', 'udp'];

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

/**
 * A Service port name Istio's protocol selection understands: `<protocol>` or `<protocol>-<suffix>`
 * (e.g. `http`, `http-web`, `grpc`), and a valid Kubernetes port name (at most 15 lower-case letters,
 * digits and "-", with a letter, no "--"). Any other name makes Istio treat the port as opaque TCP
 * (or guess), so HTTP routes, retries and header matches silently stop applying.
 */
export function checkIstioPortName(name: string, what: string): Problem | undefined {
  const protocol = ISTIO_PORT_PROTOCOLS.find((p) => name === p || name.startsWith(`${p}-`));
  if (protocol && IANA_SVC_NAME.test(name) && /[a-z]/.test(name) && !name.includes('--')) return undefined;
  return {
    message: `${what} "${name}" does not follow Istio's protocol selection rules, so Istio would not know the port's protocol and HTTP routes would not apply.`,
    fix: `name the port <protocol>[-<suffix>] with a protocol of ${ISTIO_PORT_PROTOCOLS.join(', ')} (e.g. "http" or "http-web"), at most 15 lower-case characters.`,
  };
}

/**
 * A Service name: a DNS-1123 label that also starts with a letter (DNS-1035), as Kubernetes requires
 * for Services (a name such as "1shop" passes `checkDnsLabel` but the API server rejects it).
 */
export function checkDns1035Label(value: string, what: string): Problem | undefined {
  const label = checkDnsLabel(value, what);
  if (label) return label;
  if (/^[a-z]/.test(value)) return undefined;
  return {
    message: `${what} "${value}" starts with a digit, but Kubernetes requires it to start with a letter (DNS-1035).`,
    fix: `start the name with a lower-case letter (e.g. "app-${value}").`,
  };
}
