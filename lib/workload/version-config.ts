import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * A version's own configuration: a ConfigMap `<app>-<version>-config` referenced by that version's
 * Deployment only, so a canary's config change never touches the stable pods, and removed with the
 * version once the rollout promotes the other one.
 */
export interface VersionConfig {
  /** The ConfigMap's data (key to value). */
  readonly data: Record<string, string>;
  /**
   * Mount the keys as files in this directory (read-only volume `version-config`).
   * @default - the keys become environment variables (`envFrom`)
   */
  readonly mountPath?: string;
}

/** A Secret (created outside the library, e.g. by External Secrets or Sealed Secrets) that one version's pods use. */
export interface VersionSecretRef {
  /** Secret name. */
  readonly name: string;
  /**
   * Mount the keys as files in this directory (read-only volume `version-secret`).
   * @default - the keys become environment variables (`envFrom`)
   */
  readonly mountPath?: string;
}

/** Name of the volume of a version's ConfigMap. */
export const VERSION_CONFIG_VOLUME = 'version-config';
/** Name of the volume of a version's Secret. */
export const VERSION_SECRET_VOLUME = 'version-secret';

/** The ConfigMap name of a version: `<app>-<version>-config`. */
export function versionConfigName(app: string, version: string): string {
  return `${app}-${version}-config`;
}

/** Properties of `VersionConfigMap`. */
export interface VersionConfigMapProps {
  /** ConfigMap name (`<app>-<version>-config`). */
  readonly name: string;
  /** The data. */
  readonly data: Record<string, string>;
  /** Labels. */
  readonly labels: Record<string, string>;
}

/** The ConfigMap of one version (see `VersionConfig`). */
export class VersionConfigMap extends Construct {
  /** The ConfigMap object. */
  public readonly apiObject: ApiObject;
  /** ConfigMap name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: VersionConfigMapProps) {
    super(scope, id);
    this.name = props.name;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: props.name, labels: { ...props.labels } },
      data: { ...props.data },
    });
  }
}
