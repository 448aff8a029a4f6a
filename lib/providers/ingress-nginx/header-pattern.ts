import { RE2JS } from 're2js';
import { NGINX_REGEX_CHARS } from './annotations';

/** A route-model regex translated for `canary-by-header-pattern`, or why it cannot be. */
export interface PatternTranslation {
  /** The PCRE pattern (anchored, so nginx's search is a full match). @default - not translatable */
  readonly pattern?: string;
  /** Why the regex cannot be given to ingress-nginx with the same meaning. @default - translatable */
  readonly reason?: string;
}

/** RE2 constructs whose meaning differs in PCRE (ingress-nginx runs `ngx.re.match` without the `u` flag). */
const DIFFERING: readonly { readonly token: RegExp; readonly why: string }[] = [
  { token: /\\[pP]/, why: 'Unicode classes (\\p, \\P) are read on bytes by nginx (no UTF-8 mode)' },
  { token: /\\C/, why: '\\C is one byte in RE2 and rejected or different in PCRE2' },
  { token: /\\v/, why: '\\v is a vertical tab in RE2 but any vertical whitespace in PCRE' },
  { token: /\{,/, why: '{,n} is a literal in RE2 but a quantifier in PCRE2 10.43 and later' },
];

/**
 * Translates a route-model header regex (RE2, full match, Istio semantics) into the PCRE pattern of
 * `canary-by-header-pattern`, which ingress-nginx applies as an unanchored search: the pattern is
 * anchored as `^(?:regex)$`. Refused: invalid RE2, constructs whose meaning differs between RE2 and
 * PCRE (`DIFFERING`), and characters the controller's annotation validation rejects (`NGINX_REGEX_CHARS`:
 * no spaces, `,`, `;`, `!`, `#`, `%`, `@`, `<`, `>`, quotes), since it would drop the annotation.
 */
export function toNginxHeaderPattern(regex: string): PatternTranslation {
  try {
    RE2JS.compile(regex);
  } catch (e) {
    return { reason: `it is not a valid RE2 regex (${(e as Error).message})` };
  }
  for (const d of DIFFERING) if (d.token.test(regex)) return { reason: d.why };
  const pattern = `^(?:${regex})$`;
  if (!NGINX_REGEX_CHARS.test(pattern)) {
    const bad = [...new Set([...regex].filter((c) => !NGINX_REGEX_CHARS.test(c)))].map((c) => JSON.stringify(c)).join(', ');
    return { reason: `the controller's annotation validation rejects the characters ${bad} in canary-by-header-pattern and would drop the annotation` };
  }
  return { pattern };
}
