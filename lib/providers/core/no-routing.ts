import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Problem } from '../../validation/problems';
import { GatewayOptions } from './gateway';
import { ITrafficProvider, ITrafficRouting, RouteFeatures, SharedGatewaySpec, StageRouteModel, unsupportedFeatureProblems } from './provider';

/**
 * What a provider without routing objects can express: no request conditions of any kind, one
 * version, TCP as well as HTTP. Providers spread it and set what they add (a weighted split).
 */
export const NO_ROUTING_FEATURES: RouteFeatures = {
  routingObjects: false,
  weightedSplit: false,
  weightedSplitInMatch: false,
  maxVersions: 1,
  headerExact: false,
  headerPrefix: false,
  headerRegex: false,
  uriPrefix: false,
  sourceLabels: false,
  portMatch: false,
  tcp: true,
  mirroring: false,
};

/**
 * Base of the providers that render no routing objects (the split is made by pod counts or by the
 * Service selector): rendering anything is a programming error, since strategies check
 * `features.routingObjects` first.
 */
export abstract class NoRoutingProvider {
  /** Name in messages. */
  public abstract readonly displayName: string;

  /** What the provider cannot express of the model (it renders no routing objects at all). */
  public modelProblems(model: StageRouteModel, where: string): Problem[] {
    return unsupportedFeatureProblems(this as unknown as ITrafficProvider, model, where);
  }

  /** Never called: `features.routingObjects` is false. */
  public render(_scope: Construct, _id: string, _model: StageRouteModel): ITrafficRouting {
    throw new Error(`${this.displayName} renders no routing objects`);
  }

  /** Never called: `features.routingObjects` is false. */
  public renderGateway(_scope: Construct, _id: string, _gw: GatewayOptions, _hosts: readonly string[], _namespace: string | undefined): ApiObject {
    throw new Error(`${this.displayName} renders no gateway`);
  }

  /** No previews without routing objects. */
  public renderPreviews(_scope: Construct, _model: StageRouteModel, _routing: ITrafficRouting): ApiObject[] {
    return [];
  }

  /** Never called: a shared gateway needs a routing API. */
  public renderSharedGateway(_scope: Construct, _id: string, _spec: SharedGatewaySpec): ApiObject {
    throw new Error(`${this.displayName} renders no gateway`);
  }

  /** No shared gateway options apply. */
  public sharedGatewayProblems(_spec: SharedGatewaySpec): Problem[] {
    return [];
  }
}
