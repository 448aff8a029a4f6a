import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { Gateway, GatewayProps, GatewayV1Beta1 } from '../../../imports/networking.istio.io';
import { GatewayTls } from '../core/gateway-tls';
import { istioClass, IstioApiVersion } from './api-version';

/** One listening port of an Istio Gateway. */
export interface GatewayServerSpec {
  /** Port number on the ingress gateway. */
  readonly port: number;
  /** Protocol. */
  readonly protocol: string;
  /** TLS settings of an HTTPS server. @default - none */
  readonly tls?: GatewayTls;
  /** Redirect every request of this (plain HTTP) server to HTTPS. @default false */
  readonly httpsRedirect?: boolean;
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
        ...(s.tls ? { tls: { mode: s.tls.mode as any, credentialName: s.tls.credentialName } }
          : s.httpsRedirect ? { tls: { httpsRedirect: true } } : {}),
      })),
    },
  };
  const Kind = istioClass(props.apiVersion, Gateway, GatewayV1Beta1);
  return new Kind(scope, id, propsGateway);
}
