import { Problem } from '../../validation/problems';
import { checkPort } from '../../validation/rules';

/** TLS mode of an HTTPS gateway server (Istio `ServerTLSSettings.mode`). */
export enum GatewayTlsMode {
  /** The gateway terminates TLS with a server certificate. */
  SIMPLE = 'SIMPLE',
  /** The gateway terminates TLS and requires a client certificate signed by the CA in the Secret's `ca.crt`. */
  MUTUAL = 'MUTUAL',
}

/** Options of `GatewayTls.simple()` and `GatewayTls.mutual()`. */
export interface GatewayTlsCredentialOptions {
  /**
   * Name of the Kubernetes Secret (type `kubernetes.io/tls`, or generic with `tls.crt`/`tls.key`) that
   * holds the server certificate, in the namespace of the ingress gateway pods (Istio) or of the
   * Gateway (Gateway API). For `mutual`, the Secret must also contain `ca.crt` (or a Secret
   * `<credentialName>-cacert` must exist): Istio rejects client certificates otherwise. The library
   * cannot see the Secret, so this is not checked at synth.
   */
  readonly credentialName: string;
}

/**
 * How an HTTPS server of a gateway terminates TLS.
 *
 * @example
 * gateway: { name: 'shop-gateway', hosts: ['shop.example.com'], tls: GatewayTls.simple({ credentialName: 'shop-tls' }), httpsRedirect: true }
 */
export class GatewayTls {
  /** TLS terminated at the gateway with the certificate of Secret `credentialName`. */
  public static simple(options: GatewayTlsCredentialOptions): GatewayTls {
    return new GatewayTls(GatewayTlsMode.SIMPLE, options.credentialName);
  }

  /**
   * Mutual TLS at the gateway: clients must present a certificate signed by the CA in the Secret's
   * `ca.crt` (Istio's rule for MUTUAL with `credentialName`; not checkable at synth).
   */
  public static mutual(options: GatewayTlsCredentialOptions): GatewayTls {
    return new GatewayTls(GatewayTlsMode.MUTUAL, options.credentialName);
  }

  private constructor(
    /** The TLS mode. */
    public readonly mode: GatewayTlsMode,
    /** The Secret with the certificate. */
    public readonly credentialName: string,
  ) {}
}

/** One server (Istio) or listener group (Gateway API) of a gateway, provider-neutral. */
export interface GatewayServerModel {
  /** Port number. */
  readonly port: number;
  /** Protocol: `HTTP`, `HTTP2`, `GRPC`, `TCP` or `HTTPS`. */
  readonly protocol: string;
  /** Hosts served. */
  readonly hosts: readonly string[];
  /** TLS settings of an HTTPS server. @default - none */
  readonly tls?: GatewayTls;
  /** The server answers every request with a 301 to `https://` (the HTTP server of a redirecting gateway). @default false */
  readonly httpsRedirect?: boolean;
}

/** The TLS-related options of a gateway (a subset of `GatewayOptions`). */
export interface GatewayTlsOptions {
  /** Port of the plain server. @default 80 */
  readonly port?: number;
  /** HTTPS server settings. @default - no HTTPS server */
  readonly tls?: GatewayTls;
  /** Port of the HTTPS server. @default 443 */
  readonly httpsPort?: number;
  /** Answer plain HTTP requests with a 301 redirect to HTTPS. @default false */
  readonly httpsRedirect?: boolean;
}

/** Secret names are DNS-1123 subdomains (at most 253 characters). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Problems of a gateway's TLS options (Istio's `validateServer`/`validateTLSOptions` and the Gateway
 * API listener rules): a credential that is not a Secret name, HTTPS on the plain port, a redirect
 * without an HTTPS server, TLS on a TCP gateway, ports out of range.
 */
export function gatewayTlsProblems(gw: GatewayTlsOptions, protocol: string = 'HTTP'): Problem[] {
  const problems: Problem[] = [];
  const port = gw.port ?? 80;
  if (gw.tls) {
    const name = gw.tls.credentialName;
    if (!name) {
      problems.push({
        message: `the ${gw.tls.mode} TLS server has no credentialName: Istio rejects a SIMPLE or MUTUAL server without a certificate.`,
        fix: "name the Secret with the certificate, e.g. GatewayTls.simple({ credentialName: 'shop-tls' }).",
      });
    } else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
      problems.push({
        message: `credentialName "${name}" is not a valid Secret name (a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters).`,
        fix: "use the name of the Secret, e.g. 'shop-tls'.",
      });
    }
    const httpsPort = gw.httpsPort ?? 443;
    const p = checkPort(httpsPort, 'gateway httpsPort');
    if (p) problems.push(p);
    else if (httpsPort === port) {
      problems.push({
        message: `the HTTPS server and the ${protocol} server both use port ${port}; one port of a gateway serves one protocol.`,
        fix: 'use different ports, e.g. port: 80 and httpsPort: 443.',
      });
    }
    if (protocol === 'TCP') {
      problems.push({
        message: 'tls is set on a TCP gateway, but TLS termination needs HTTP routes (an HTTPS server).',
        fix: 'remove tls, or route HTTP traffic with a CanaryService, BlueGreenService or HeaderRoute.',
      });
    }
  }
  if (gw.httpsRedirect && !gw.tls) {
    problems.push({
      message: 'httpsRedirect is set but the gateway has no HTTPS server, so the redirect would point at nothing.',
      fix: "add tls: GatewayTls.simple({ credentialName: '<secret>' }), or remove httpsRedirect.",
    });
  }
  return problems;
}

/**
 * The servers of a gateway serving `hosts`: the plain server (`protocol`, port `port`; with
 * `httpsRedirect` it only redirects), then the HTTPS server when `tls` is set.
 */
export function gatewayServers(gw: GatewayTlsOptions, hosts: readonly string[], protocol: string = 'HTTP'): GatewayServerModel[] {
  const servers: GatewayServerModel[] = [{ port: gw.port ?? 80, protocol, hosts, ...(gw.tls && gw.httpsRedirect ? { httpsRedirect: true } : {}) }];
  if (gw.tls) servers.push({ port: gw.httpsPort ?? 443, protocol: 'HTTPS', hosts, tls: gw.tls });
  return servers;
}
