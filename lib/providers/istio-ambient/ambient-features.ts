import { RouteFeatures } from '../core/provider';
import { GATEWAY_API_FEATURES } from '../gateway-api/provider';

/**
 * The route-model features of Istio ambient: waypoints are configured through the Gateway API
 * (HTTPRoutes and TCPRoutes with the Service as parent), so they are the Gateway API's, except what
 * this provider does not render yet: HTTPRoute RequestMirror and the response headers of sticky
 * sessions. (`sourceLabels` is false there too: waypoints drop caller-label conditions, istio/istio#51565.)
 */
export const ISTIO_AMBIENT_FEATURES: RouteFeatures = { ...GATEWAY_API_FEATURES, mirroring: false, responseHeaders: false };
