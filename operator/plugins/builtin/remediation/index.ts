/** The built-in remediation plugins; the registry's guarded client makes each write a dry run first. */
import type { BuiltinPlugin } from "../../types.js";
import { resumeCronJob, suspendCronJob } from "./cronjob-suspension.js";
import { deleteEvictedPods } from "./delete-evicted-pods.js";
import { cordonNode, uncordonNode } from "./node-scheduling.js";
import { restartPod } from "./restart-pod.js";
import { rollbackDeployment } from "./rollback-deployment.js";
import { pauseRollout, resumeRollout } from "./rollout-pause.js";
import { rolloutRestartDeployment } from "./rollout-restart-deployment.js";
import { scaleDeployment, scaleStatefulSet } from "./scale-workload.js";
import { setContainerResources } from "./set-container-resources.js";
import { setDeploymentImage } from "./set-deployment-image.js";

/** Every built-in remediation plugin, as the registry loads them. */
export const remediationPlugins: BuiltinPlugin[] = [
  restartPod,
  rolloutRestartDeployment,
  scaleDeployment,
  scaleStatefulSet,
  setContainerResources,
  setDeploymentImage,
  rollbackDeployment,
  pauseRollout,
  resumeRollout,
  cordonNode,
  uncordonNode,
  deleteEvictedPods,
  suspendCronJob,
  resumeCronJob,
];
