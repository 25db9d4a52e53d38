/** The built-in diagnostic plugins: read-only, low-risk tools that never need approval. */
import type { BuiltinPlugin } from "../../types.js";
import { checkPodSchedulingPlugin } from "./check-pod-scheduling.js";
import { describeCronJobPlugin } from "./describe-cronjob.js";
import { describeDaemonSetPlugin } from "./describe-daemonset.js";
import { describeDeploymentPlugin } from "./describe-deployment.js";
import { describeHpaPlugin } from "./describe-hpa.js";
import { describeNodePlugin } from "./describe-node.js";
import { describePodPlugin } from "./describe-pod.js";
import { describePvcPlugin } from "./describe-pvc.js";
import { describeStatefulSetPlugin } from "./describe-statefulset.js";
import { getConfigRefsPlugin } from "./get-config-refs.js";
import { getEventsPlugin } from "./get-events.js";
import { getPodLogsPlugin } from "./get-pod-logs.js";
import { listNodesPlugin } from "./list-nodes.js";
import { listPodsPlugin } from "./list-pods.js";
import { getResourceQuotasPlugin } from "./resource-quotas.js";
import { getRolloutHistoryPlugin } from "./rollout-history.js";
import { searchKnowledgePlugin } from "./search-knowledge.js";
import { getServiceEndpointsPlugin } from "./service-endpoints.js";
import { topPodsPlugin } from "./top-pods.js";

/** Every built-in diagnostic plugin. */
export const diagnosticPlugins: BuiltinPlugin[] = [
  listPodsPlugin,
  describePodPlugin,
  getPodLogsPlugin,
  getEventsPlugin,
  describeDeploymentPlugin,
  getRolloutHistoryPlugin,
  describeNodePlugin,
  listNodesPlugin,
  topPodsPlugin,
  getResourceQuotasPlugin,
  getServiceEndpointsPlugin,
  describePvcPlugin,
  describeHpaPlugin,
  searchKnowledgePlugin,
  describeStatefulSetPlugin,
  describeDaemonSetPlugin,
  describeCronJobPlugin,
  getConfigRefsPlugin,
  checkPodSchedulingPlugin,
];
