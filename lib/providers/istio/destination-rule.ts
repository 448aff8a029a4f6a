import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { DestinationRule, DestinationRuleProps, DestinationRuleV1Beta1 } from '../../../imports/networking.istio.io';
import { istioClass, IstioApiVersion } from './api-version';
import { DestinationPolicy } from '../core/traffic-policy';
import { istioDestinationPolicy } from './policy';

function withPolicy(d: DestinationPolicy | undefined): { trafficPolicy?: any } {
  const rendered = istioDestinationPolicy(d);
  return rendered ? { trafficPolicy: rendered } : {};
}

/** A DestinationRule subset: a version name and the pod labels that select it. */
export interface SubsetSpec {
  /** Subset name (the version name). */
  readonly name: string;
  /** Pod labels of the subset, e.g. `{ version: 'v2' }`. */
  readonly labels: Record<string, string>;
  /** The subset's own policy (Istio `subsets[].trafficPolicy`). @default - none */
  readonly trafficPolicy?: DestinationPolicy;
}

/** Properties of `createDestinationRule`. */
export interface DestinationRuleSpec {
  /** Object name. */
  readonly name: string;
  /** Host the rule applies to (the Service FQDN). */
  readonly host: string;
  /** Subsets, one per version, in version order. */
  readonly subsets: readonly SubsetSpec[];
  /** Policy of every subset (Istio `trafficPolicy`). @default - none */
  readonly trafficPolicy?: DestinationPolicy;
  /** Istio API version. @default 'v1' */
  readonly apiVersion?: IstioApiVersion;
}

/** Builds a DestinationRule with one subset per version. */
export function createDestinationRule(scope: Construct, id: string, spec: DestinationRuleSpec): ApiObject {
  const propsDestinationRule: DestinationRuleProps = {
    metadata: { name: spec.name },
    spec: {
      host: spec.host,
      ...withPolicy(spec.trafficPolicy),
      subsets: spec.subsets.map((s) => ({ name: s.name, labels: { ...s.labels }, ...withPolicy(s.trafficPolicy) })),
    },
  };
  const Kind = istioClass(spec.apiVersion, DestinationRule, DestinationRuleV1Beta1);
  return new Kind(scope, id, propsDestinationRule);
}
