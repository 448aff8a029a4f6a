/**
 * The ingress-nginx canary annotations and the value checks the controller applies to them
 * (ingress-nginx `internal/ingress/annotations/canary`, annotation validation on by default): a value
 * that fails its check is dropped with a warning, i.e. the canary rule silently disappears.
 */

/** Prefix of every ingress-nginx annotation. */
export const NGINX_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io/';

/** The canary annotation names (full keys). */
export const CANARY_ANNOTATIONS = {
  /** `"true"` marks the Ingress as the canary of the main Ingress with the same host and path. */
  canary: `${NGINX_ANNOTATION_PREFIX}canary`,
  /** Request header that sends a request to the canary (`always`), to the stable version (`never`), or matches a value/pattern. */
  byHeader: `${NGINX_ANNOTATION_PREFIX}canary-by-header`,
  /** Exact header value that sends a request to the canary (replaces `always`/`never`). */
  byHeaderValue: `${NGINX_ANNOTATION_PREFIX}canary-by-header-value`,
  /** PCRE pattern (unanchored search) on the header value; ignored when a value is set. */
  byHeaderPattern: `${NGINX_ANNOTATION_PREFIX}canary-by-header-pattern`,
  /** Cookie whose value `always` sends a request to the canary and `never` to the stable version. */
  byCookie: `${NGINX_ANNOTATION_PREFIX}canary-by-cookie`,
  /** Integer share of the remaining requests sent to the canary, out of the weight total. */
  weight: `${NGINX_ANNOTATION_PREFIX}canary-weight`,
  /** The weight total (used only when above 100). */
  weightTotal: `${NGINX_ANNOTATION_PREFIX}canary-weight-total`,
} as const;

/** ingress-nginx `parser.BasicCharsRegex`: the characters allowed in header names and values and cookie names. */
export const NGINX_BASIC_CHARS = /^[/\-._~a-zA-Z0-9:]*$/;

/** ingress-nginx `parser.IsValidRegex`: the characters allowed in `canary-by-header-pattern`. */
export const NGINX_REGEX_CHARS = /^[/\-._~a-zA-Z0-9:^$[\](){}*+?|&=\\]*$/;

/** Go `strconv.ParseBool` true values, as ingress-nginx reads `canary`. */
export const NGINX_TRUE_VALUES: readonly string[] = ['1', 't', 'T', 'TRUE', 'true', 'True'];
