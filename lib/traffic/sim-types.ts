// Request and result types of the traffic simulators (every provider's reader returns these).

/** A request to simulate. */
export interface SimRequest {
  /** Host the request is addressed to: a Service name (`forecast`), its FQDN, or an external host (`demo4.a.com`). */
  readonly host: string;
  /** Gateway the request enters through, as `namespace/name` (or `name`, any namespace). @default - from a sidecar (`mesh`) */
  readonly gateway?: string;
  /** Namespace of the caller, used to resolve a short Service name. @default - the namespace of the only Service with that name */
  readonly sourceNamespace?: string;
  /** Request headers; names are case-insensitive. @default - none */
  readonly headers?: Record<string, string>;
  /** Cookies, sent as one `cookie` header `a=1; b=2`. @default - none */
  readonly cookies?: Record<string, string>;
  /** Request path. @default '/' */
  readonly path?: string;
  /** Labels of the calling pod (mesh traffic). @default - none */
  readonly sourceLabels?: Record<string, string>;
  /** Destination port. @default - any */
  readonly port?: number;
  /** Protocol: HTTP rules or TCP rules apply. @default 'http' */
  readonly protocol?: 'http' | 'tcp';
  /** HTTP method, for `method` conditions. @default 'GET' */
  readonly method?: string;
  /** Scheme, for `scheme` conditions. @default 'http' */
  readonly scheme?: string;
  /** Query parameters, for `queryParams` conditions. @default - none */
  readonly query?: Record<string, string>;
}

/** The VirtualService rule that decided a request. */
export interface SimMatchedRule {
  /** The VirtualService, as `namespace/name`. */
  readonly virtualService: string;
  /** Position of the rule in its `http` (or `tcp`) list, from 0. */
  readonly index: number;
  /** The rule's `name`, when it has one. @default - unnamed */
  readonly name?: string;
}

/** Where a share of the traffic lands. */
export interface SimOutcome {
  /** Deployment serving it. */
  readonly deployment: string;
  /** Namespace of the Deployment. */
  readonly namespace: string;
  /** The `version` label of its pods (undefined if unlabelled). */
  readonly version: string | undefined;
  /** Labels of its pods (the source labels of its onward calls). */
  readonly podLabels: Record<string, string>;
  /** Exact probability, 0..1. */
  readonly probability: number;
  /** The `Set-Cookie` header the route adds to this Deployment's responses (sticky canary sessions). @default - none */
  readonly setCookie?: string;
}

/** The result of simulating one request. */
export interface SimResult {
  /** Where the traffic goes, by Deployment, in manifest order. */
  readonly outcomes: SimOutcome[];
  /** Probability the request fails (no route, no subset, no pods), 0..1. */
  readonly failed: number;
  /** Why traffic fails, when it does. */
  readonly failures: string[];
  /** The VirtualService rule that decided the request. @default - none (no VirtualService, or no rule matched) */
  readonly rule?: SimMatchedRule;
  /**
   * Copies of the request (mirroring), by Deployment: the probability that a copy reaches it. Copies
   * are not part of `outcomes` (the response served comes from there). @default - no mirroring
   */
  readonly mirrored?: SimOutcome[];
}
