import { Chart } from 'cdk8s';
import { Progression } from '../progressive/progression';
import { IRollout } from '../app/rollout';
import { Problem } from '../validation/problems';
import { APP_LABEL, VERSION_LABEL, VersionedDeployment } from '../workload/versioned-deployment';

/** What the alerts of a rollout watch, read from the rollout construct's public members. */
export interface WatchedRollout {
  /** Construct id of the rollout (a `ROLLOUT_STAGE=<id>=<stage>` key). */
  readonly rolloutId: string;
  /** Application name (the pods' `app` label). */
  readonly app: string;
  /** Namespace of the rollout's objects. @default - none (the chart has no namespace) */
  readonly namespace?: string;
  /** The version the alerts watch (the one to roll back). */
  readonly version: string;
  /** The Deployment of that version (Istio's `destination_workload`). */
  readonly deployment: string;
  /** The other versions running at the active stage, in order (the ones a rollback falls back to). */
  readonly otherVersions: readonly string[];
  /** The active stage. */
  readonly stage: string;
  /** The stage before it, if any. @default - the active stage is the first */
  readonly previousStage?: string;
}

/**
 * Reads the rollout's application, namespace, running versions and active stage from its public
 * members: its stage plan (`IRollout`) and the Deployments it renders (`VersionedDeployment`s
 * below it, in version order). The watched version is `version` or, by default, the last version
 * running (the canary, the green version, the last declared version of a HeaderRoute).
 */
export function watchRollout(rollout: IRollout, version: string | undefined): { watched?: WatchedRollout; problems: Problem[] } {
  const declared = (rollout as { progression?: unknown }).progression;
  const progression = declared instanceof Progression ? declared.kind : declared;
  if (progression !== undefined && progression !== 'manual') {
    return {
      problems: [{
        message: `the rollout's progression is '${String(progression)}': the engine checks the rollback thresholds and rolls back itself, and its stages are not the rollout's active stage.`,
        fix: "use RolloutAlerts with progression: Progression.manual() (a pull request per stage), or rely on the engine's own analysis.",
      }],
    };
  }
  const index = rollout.stageNames.indexOf(rollout.activeStage);
  // An unknown active stage is reported by the rollout itself.
  if (index < 0) return { problems: [] };
  const deployments = rollout.node.findAll().filter((c): c is VersionedDeployment => c instanceof VersionedDeployment);
  const apps = [...new Set(deployments.map((d) => d.podLabels[APP_LABEL]))];
  if (apps.length !== 1) {
    return {
      problems: [{
        message: apps.length === 0
          ? `the rollout renders no Deployment at stage "${rollout.activeStage}", so there is no version to watch.`
          : `the rollout renders Deployments of ${apps.length} applications (${apps.join(', ')}), and RolloutAlerts watches one.`,
        fix: 'give RolloutAlerts a rollout of one application (CanaryService, BlueGreenService, HeaderRoute, TcpCanary) that renders its Deployments.',
      }],
    };
  }
  const versions = deployments.map((d) => d.podLabels[VERSION_LABEL]);
  const chosen = version ?? versions[versions.length - 1];
  const at = versions.indexOf(chosen);
  if (at < 0) {
    return {
      problems: [{
        message: `version "${chosen}" does not run at stage "${rollout.activeStage}" (running: ${versions.join(', ')}).`,
        fix: `watch one of the running versions (${versions.join(', ')}), or leave version out to watch the last one.`,
      }],
    };
  }
  const namespace = Chart.of(rollout).namespace;
  return {
    problems: [],
    watched: {
      rolloutId: rollout.node.id,
      app: apps[0],
      ...(namespace ? { namespace } : {}),
      version: chosen,
      deployment: deployments[at].name,
      otherVersions: versions.filter((v) => v !== chosen),
      stage: rollout.activeStage,
      ...(index > 0 ? { previousStage: rollout.stageNames[index - 1] } : {}),
    },
  };
}
