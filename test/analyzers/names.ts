/**
 * Istio's name rules (pkg/config/labels, pkg/config/validation/agent), restated: DNS-1123 labels,
 * wildcard domains, FQDNs, label keys and values, HTTP header names. Each returns an error text, or
 * `undefined` when the value is valid.
 */

const DNS1123_LABEL = '[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?';
const QUALIFIED_NAME = '(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_RE = new RegExp(`^${DNS1123_LABEL}$`);
const WILDCARD_LABEL_RE = new RegExp(`^(\\*|(\\*|\\*-)?${DNS1123_LABEL})$`);
const LABEL_KEY_RE = new RegExp(`^(${DNS1123_LABEL}(?:\\.${DNS1123_LABEL})*/)?(${QUALIFIED_NAME})$`);
const LABEL_VALUE_RE = new RegExp(`^(${QUALIFIED_NAME})?$`);
/** RFC 7230 token characters: what Istio accepts in a header name. */
const HEADER_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** HTTP/2 pseudo-headers Istio accepts in a header match. */
export const PSEUDO_HEADERS = [':method', ':scheme', ':authority', ':path', ':status'];

/** Longest DNS label. */
export const MAX_LABEL = 63;
/** Longest domain name Istio accepts (CheckDNS1123Preconditions). */
export const MAX_DOMAIN = 255;

/** A DNS-1123 label (Istio allows upper case), at most 63 characters. */
export function isDns1123Label(s: string): boolean {
  return s.length <= MAX_LABEL && LABEL_RE.test(s);
}

function preconditions(domain: string): string | undefined {
  if (domain.length > MAX_DOMAIN) return `domain name "${domain}" too long (max ${MAX_DOMAIN})`;
  if (domain.length === 0) return 'empty domain name not allowed';
  return undefined;
}

function labels(domain: string, labelsOf: string): string | undefined {
  const parts = labelsOf.split('.');
  const tld = parts[parts.length - 1];
  if (/^[+-]?\d+$/.test(tld)) return `domain name "${domain}" invalid (top level domain "${tld}" cannot be all-numeric)`;
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return undefined;
    if (!isDns1123Label(parts[i])) return `domain name "${domain}" invalid (label "${parts[i]}" invalid)`;
  }
  return undefined;
}

/** A fully qualified domain name (every label DNS-1123, at most 255 characters). */
export function fqdnError(fqdn: string): string | undefined {
  return preconditions(fqdn) ?? labels(fqdn, fqdn);
}

/** A domain whose first label may be a wildcard (`*`, `*foo`, `*-foo`). */
export function wildcardDomainError(domain: string): string | undefined {
  const pre = preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (first.length > MAX_LABEL || !WILDCARD_LABEL_RE.test(first)) return `domain name "${domain}" invalid (label "${first}" invalid)`;
  return dot < 0 ? undefined : labels(domain, domain.slice(dot + 1));
}

/** Is `s` an IPv4 or IPv6 address (a VirtualService host may be one)? */
export function isIpAddress(s: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s)) return s.split('.').every((p) => Number(p) <= 255);
  return s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s);
}

/** Label map keys and values, as Istio checks sourceLabels and subset labels. */
export function labelErrors(map: Record<string, unknown> | undefined): string[] {
  const errors: string[] = [];
  for (const [k, v] of Object.entries(map ?? {})) {
    const m = LABEL_KEY_RE.exec(k);
    if (!m) errors.push(`invalid tag key: "${k}"`);
    else if (m[1] && m[1].length - 1 > 253) errors.push(`invalid tag key: "${k}" (prefix longer than 253)`);
    else if (m[2].length > MAX_LABEL) errors.push(`invalid tag key: "${k}" (name longer than ${MAX_LABEL})`);
    if (typeof v !== 'string' || !LABEL_VALUE_RE.test(v)) errors.push(`invalid tag value: "${String(v)}"`);
  }
  return errors;
}

/** A header name in a match: a JWT claim route, a pseudo-header or an RFC 7230 token. */
export function headerMatchNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name.startsWith('@request.auth.claims.') || name.startsWith('@request.auth.claims[')) return undefined;
  if (PSEUDO_HEADERS.includes(name)) return undefined;
  return HEADER_NAME_RE.test(name) ? undefined : `header name ${name} is not a valid header name`;
}

const isInternal = (h: string) => h.startsWith(':') || h.toLowerCase() === 'host';
const isAuthority = (h: string) => h.toLowerCase() === ':authority' || h.toLowerCase() === 'host';

/** A header a route adds to or sets on the request (the authority may be set). */
export function requestHeaderSetError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  return isInternal(name) && !isAuthority(name) ? `invalid header "${name}": header cannot have ":" prefix` : undefined;
}

/** A header a route removes from the request or changes on the response. */
export function headerOperationError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name.toLowerCase() === 'host') return `invalid header "${name}": cannot set Host header`;
  return isInternal(name) ? `invalid header "${name}": header cannot have ":" prefix` : undefined;
}

/** A header value Envoy accepts: no control characters, `%` only as `%%` or around a variable. */
export function headerValueError(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what Envoy refuses
  if (/[\u0000-\u0008\u000A-\u001F\u007F]/.test(value)) return `header value configuration ${value} is invalid`;
  const stripped = value.replace(/%%/g, '').replace(/%[A-Z_][A-Z0-9_]*(\([^)]*\))?(:\d+)?%/g, '');
  return stripped.includes('%') ? `header value configuration: invalid use of % in ${value}` : undefined;
}

/**
 * Istio's host overlap (host.Name.Matches): equal names, or a wildcard (`*.a.com`, `*`) covering the other
 * name (which may itself be a narrower wildcard).
 */
export function hostsOverlap(a: string, b: string): boolean {
  const aw = a.startsWith('*');
  const bw = b.startsWith('*');
  if (aw && bw) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aw) return b.endsWith(a.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/**
 * A host as Istio resolves it in `namespace` (ResolveShortnameToFQDN): a name without a dot is a Service of
 * that namespace (`demo4` → `demo4.test1.svc.cluster.local`); a name with a dot (even `demo4.test1`) is taken as is.
 */
export function toFqdn(host: string, namespace: string): string {
  return host === '*' || host.includes('.') ? host : `${host}.${namespace}.svc.cluster.local`;
}
