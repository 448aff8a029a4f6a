import { RouteFeatures } from '../core/provider';

/** The route-model features of Istio ambient (HTTPRoutes and TCPRoutes at a waypoint). */
export const ISTIO_AMBIENT_FEATURES: RouteFeatures = {
  routingObjects: true,
  weightedSplit: true,
  weightedSplitInMatch: true,
  headerExact: true,
  // HTTPRoute has no header prefix match.
  headerPrefix: false,
  headerRegex: true,
  // HTTPRoute's PathPrefix matches whole segments, not Istio's string prefixes.
  uriPrefix: false,
  // Caller-label conditions are dropped at waypoints (istio/istio#51565).
  sourceLabels: false,
  portMatch: false,
  // TCPRoute at a waypoint (Alpha in Istio).
  tcp: true,
  // HTTPRoute RequestMirror and response headers exist, but this provider does not render them yet.
  mirroring: false,
  responseHeaders: false,
};
