/**
 * What the istio-ambient provider can express, with the keys of the provider interface's
 * `RouteFeatures` (so the adapter can pass this object as its `features`).
 */

/** The route-model features of Istio ambient (HTTPRoutes and TCPRoutes at a waypoint). */
export interface AmbientFeatures {
  /** Renders routing objects. */
  readonly routingObjects: boolean;
  /** Weighted splits. */
  readonly weightedSplit: boolean;
  /** Weighted splits in rules with conditions. */
  readonly weightedSplitInMatch: boolean;
  /** Exact header conditions. */
  readonly headerExact: boolean;
  /** Header prefix conditions (HTTPRoute has none). */
  readonly headerPrefix: boolean;
  /** Full-match RE2 header conditions. */
  readonly headerRegex: boolean;
  /** Istio-style string path prefixes (HTTPRoute's PathPrefix matches whole segments). */
  readonly uriPrefix: boolean;
  /** Caller-label conditions (dropped at waypoints, istio/istio#51565). */
  readonly sourceLabels: boolean;
  /** Destination port conditions. */
  readonly portMatch: boolean;
  /** TCP routes (TCPRoute at a waypoint, Alpha in Istio). */
  readonly tcp: boolean;
  /** Request mirroring (HTTPRoute RequestMirror; not rendered by this provider yet). */
  readonly mirroring: boolean;
}

/** The features of the istio-ambient provider. */
export const ISTIO_AMBIENT_FEATURES: AmbientFeatures = {
  routingObjects: true,
  weightedSplit: true,
  weightedSplitInMatch: true,
  headerExact: true,
  headerPrefix: false,
  headerRegex: true,
  uriPrefix: false,
  sourceLabels: false,
  portMatch: false,
  tcp: true,
  mirroring: false,
};
