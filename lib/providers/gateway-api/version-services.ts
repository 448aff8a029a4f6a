import { Construct } from 'constructs';
import { VersionSubset as SubsetSpec } from '../core/provider';
import { AppService } from '../../workload/app-service';
import { AppProtocol } from '../../workload/options';
import { APP_LABEL } from '../../workload/versioned-deployment';

/** Name of the Service in front of one version: `<service>-<version>`, e.g. `demo4-v2`. */
export function versionServiceName(service: string, version: string): string {
  return `${service}-${version}`;
}

/** Properties of `VersionServices`. */
export interface VersionServicesProps {
  /** Application (Service) name; each version Service is `<service>-<version>`. */
  readonly service: string;
  /** The versions that exist at this stage, with the pod labels that select them. */
  readonly versions: readonly SubsetSpec[];
  /** Pod labels every version shares. @default { app: <service> } */
  readonly appSelector?: Record<string, string>;
  /** Service port. @default 80 */
  readonly port?: number;
  /** Container port. @default 80 */
  readonly targetPort?: number;
  /** Protocol, names the port. @default 'http' */
  readonly protocol?: AppProtocol;
}

/**
 * One ClusterIP Service per version (`demo4-v1`, `demo4-v2`), selecting the app labels plus the
 * version's labels. The Gateway API splits traffic between Services (`backendRefs`), so these play
 * the part of Istio's DestinationRule subsets.
 */
export class VersionServices extends Construct {
  /** The Services, keyed by version name, in version order. */
  public readonly services: Record<string, AppService> = {};

  constructor(scope: Construct, id: string, props: VersionServicesProps) {
    super(scope, id);
    const app = props.appSelector ?? { [APP_LABEL]: props.service };
    for (const v of props.versions) {
      this.services[v.name] = new AppService(this, v.name, {
        name: versionServiceName(props.service, v.name),
        selector: { ...app, ...v.labels },
        port: props.port,
        targetPort: props.targetPort,
        protocol: props.protocol,
      });
    }
  }
}
