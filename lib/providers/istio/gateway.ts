import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { Gateway, GatewayProps, GatewayV1Beta1 } from '../../../imports/networking.istio.io';
import { GatewayProtocol } from '../core/gateway';
import { istioClass, IstioApiVersion } from './api-version';

/** One listening port of an Istio Gateway. */
export interface GatewayServerSpec {
  /** Port number on the ingress gateway. */
  readonly port: number;
  /** Protocol. */
  readonly protocol: GatewayProtocol;
  /** Hosts served on the port (`*` for all). */
  readonly hosts: readonly string[];
  /** Port name. @default `<protocol lower-case>-<port>` */
  readonly name?: string;
}

/** Properties of `createGateway`. */
export interface GatewaySpecProps {
  /** Object name. */
  readonly name: string;
  /** Namespace of the Gateway. @default - the chart's namespace */
  readonly namespace?: string;
  /** Servers, in order. */
  readonly servers: readonly GatewayServerSpec[];
  /** Labels of the gateway pods that implement it. @default { istio: 'ingressgateway' } */
  readonly selector?: Record<string, string>;
  /** Istio API version. @default 'v1' */
  readonly apiVersion?: IstioApiVersion;
}

/** Builds an Istio Gateway. */
export function createGateway(scope: Construct, id: string, props: GatewaySpecProps): ApiObject {
  const propsGateway: GatewayProps = {
    metadata: { name: props.name, ...(props.namespace ? { namespace: props.namespace } : {}) },
    spec: {
      selector: props.selector ?? { istio: 'ingressgateway' },
      servers: props.servers.map((s) => ({
        port: { number: s.port, name: s.name ?? `${s.protocol.toLowerCase()}-${s.port}`, protocol: s.protocol },
        hosts: [...s.hosts],
      })),
    },
  };
  const Kind = istioClass(props.apiVersion, Gateway, GatewayV1Beta1);
  return new Kind(scope, id, propsGateway);
}
