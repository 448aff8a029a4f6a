import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Problem } from '../../validation/problems';
import { GatewayOptions } from './gateway';
import { ITrafficRouting, SharedGatewaySpec, StageRouteModel } from './provider';

/**
 * Base of the providers that render no routing objects (the split is made by pod counts or by the
 * Service selector): rendering anything is a programming error, since strategies check
 * `features.routingObjects` first.
 */
export abstract class NoRoutingProvider {
  /** Name in messages. */
  public abstract readonly displayName: string;

  /** Generic feature checks only. */
  public modelProblems(_model: StageRouteModel, _where: string): Problem[] {
    return [];
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
