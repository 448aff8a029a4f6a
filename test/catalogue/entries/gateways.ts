import { Chart } from 'cdk8s';
import { CanaryService, DedicatedIngressGateway, TcpCanary } from '../../../lib';
import { CatalogueEntry } from '../catalogue';
import { VALID_CANARY } from './canary';
import { VALID_TCP } from './tcp';

const CONFLICTS = 'lib/app/gateway-conflicts.ts';
const DEDICATED = 'lib/providers/dedicated-ingress-gateway.ts';

/** Gateways checked against the ingress workload that implements them (IST0145, IST0162), and `DedicatedIngressGateway`. */
export const GATEWAY_CHECK_ENTRIES: CatalogueEntry[] = [
  {
    id: 'app/conflicting-gateways',
    construct: 'CanaryService x 2',
    source: CONFLICTS,
    example: "cart: gateway { name: 'cart-gateway', hosts: ['shop.example.com'] }; checkout: gateway { name: 'checkout-gateway', hosts: ['shop.example.com'] }",
    define: (chart: Chart) => {
      new CanaryService(chart, 'cart', { ...VALID_CANARY, name: 'cart', gateway: { name: 'cart-gateway', hosts: ['shop.example.com'], includeMesh: false } });
      new CanaryService(chart, 'checkout', { ...VALID_CANARY, name: 'checkout', gateway: { name: 'checkout-gateway', hosts: ['shop.example.com'], includeMesh: false } });
    },
    path: 'checkout',
    message: /^Gateway "checkout-gateway" in namespace "test1" serves host "shop\.example\.com" on port 80 of the ingress workload istio=ingressgateway, and so does Gateway "cart-gateway" in namespace "test1" of test\/cart too: which of them serves the host is undefined \(Istio IST0145\)\. Fix: give each construct its own host, or create the Gateway once \(an IngressGateway construct\) and pass it to the other constructs\.$/,
  },
  {
    id: 'app/gateway-port-not-on-ingress',
    construct: 'TcpCanary (any Istio Gateway)',
    source: CONFLICTS,
    example: "gateway: { name: 'tcp-echo-gateway', port: 31400 } on Istio's default profile ingress (80, 443)",
    define: (chart: Chart) => {
      new TcpCanary(chart, 'tcp-echo', { ...VALID_TCP, gateway: { name: 'tcp-echo-gateway', port: 31400 } });
    },
    path: 'tcp-echo',
    message: /^Gateway "tcp-echo-gateway" listens on port 31400, but the cluster's ingress gateway \(istio=ingressgateway\) exposes only ports 80, 443, 8080, 8443, so the port is unreachable from outside \(Istio IST0162\)\. Fix: deploy an ingress gateway with that port \(new DedicatedIngressGateway\(\.\.\.\), then gateway\.selector: its selector\), use port 80 or 443, or, if your ingress exposes it .+$/,
  },
  {
    id: 'app/gateway-port-not-on-dedicated-ingress',
    construct: 'TcpCanary + DedicatedIngressGateway',
    source: CONFLICTS,
    example: "ingress = new DedicatedIngressGateway(chart, 'ingress', { name: 'tcp-ingress', ports: [31400] }); gateway: { name: 'tcp-echo-gateway', port: 31401, selector: ingress.selector }",
    define: (chart: Chart) => {
      const ingress = new DedicatedIngressGateway(chart, 'ingress', { name: 'tcp-ingress', ports: [31400] });
      new TcpCanary(chart, 'tcp-echo', { ...VALID_TCP, gateway: { name: 'tcp-echo-gateway', port: 31401, selector: ingress.selector } });
    },
    path: 'tcp-echo',
    message: /^Gateway "tcp-echo-gateway" listens on port 31401, which no Service of its ingress workload istio=tcp-ingress in the app exposes, so the port is unreachable \(Istio IST0162\)\. Fix: add port 31401 to the ingress gateway's Service \(DedicatedIngressGateway ports\), or use a port it exposes\.$/,
  },
  {
    id: 'dedicated-ingress/no-ports',
    construct: 'DedicatedIngressGateway',
    source: DEDICATED,
    example: "new DedicatedIngressGateway(chart, 'ingress', { name: 'tcp-ingress', ports: [] })",
    define: (chart: Chart) => {
      new DedicatedIngressGateway(chart, 'ingress', { name: 'tcp-ingress', ports: [] });
    },
    path: 'ingress',
    message: /^the dedicated ingress gateway has no ports\. Fix: list the ports it serves, e\.g\. \[31400\]\.$/,
  },
  {
    id: 'dedicated-ingress/duplicate-port',
    construct: 'DedicatedIngressGateway',
    source: DEDICATED,
    example: "new DedicatedIngressGateway(chart, 'ingress', { name: 'tcp-ingress', ports: [31400, 31400] })",
    define: (chart: Chart) => {
      new DedicatedIngressGateway(chart, 'ingress', { name: 'tcp-ingress', ports: [31400, 31400] });
    },
    path: 'ingress',
    message: /^dedicated ingress gateway port 31400 is listed twice\. Fix: list each port once\.$/,
  },
];
