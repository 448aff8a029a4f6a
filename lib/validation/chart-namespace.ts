import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Problem } from './problems';
import { checkDnsLabel } from './rules';

/**
 * The namespace a construct's objects go to is its chart's (`new Chart(app, id, { namespace })`); the
 * library also builds host names from it (`<service>.<namespace>.svc.cluster.local`) and gateway
 * references (`<namespace>/<gateway>`). A namespace that is not a DNS-1123 label (e.g. `My_NS`) is
 * refused by the API server for every object, and the hosts built from it are no DNS names.
 */
export function chartNamespaceProblems(scope: IConstruct): Problem[] {
  const namespace = Chart.of(scope).namespace;
  if (namespace === undefined || !checkDnsLabel(namespace, 'namespace')) return [];
  return [{
    message: `the namespace "${namespace}" of chart "${Chart.of(scope).node.path}" is not a valid DNS-1123 label: the API server refuses every object in it, and the hosts built from it ("<service>.${namespace}.svc.cluster.local") are no DNS names.`,
    fix: `give the chart a namespace of 1-63 lower-case letters, digits or "-", starting and ending with a letter or digit (e.g. "${namespace.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'checkout'}").`,
  }];
}
