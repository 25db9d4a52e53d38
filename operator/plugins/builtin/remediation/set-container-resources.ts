/**
 * set_container_resources: changes CPU/memory requests and limits of one
 * container of a Deployment, which rolls out a new ReplicaSet. The previous
 * values go into the result so that the change can be undone.
 */
import { AppsV1Api } from "@kubernetes/client-node";
import { z } from "zod";
import { defineRemediation, type PluginContext, type PluginResult } from "../../types.js";
import { containerArg, namespaceArg, objectNameArg } from "./arg-schemas.js";
import { deploymentRef } from "./deployment-ref.js";
import { guarded, refused, succeeded, type ObjectRef } from "./outcome.js";
import { quantityArg } from "./quantity.js";
import { describeSetting, requestedSettings, resourceFields, resourceSnapshot, resourcesPatch } from "./resource-change.js";
import { applyDeploymentEdit } from "./server-side-apply.js";
import { chooseContainer, deploymentContainer } from "./template-container.js";

const args = z
  .object({
    namespace: namespaceArg,
    deployment_name: objectNameArg("Deployment"),
    container: containerArg,
    cpu_request: quantityArg("New CPU request, e.g. 250m"),
    cpu_limit: quantityArg("New CPU limit, e.g. 1"),
    memory_request: quantityArg("New memory request, e.g. 256Mi"),
    memory_limit: quantityArg("New memory limit, e.g. 512Mi"),
  })
  .refine((a) => requestedSettings(a).length > 0, {
    message: "set at least one of cpu_request, cpu_limit, memory_request, memory_limit",
  });

async function setResources(ctx: PluginContext, a: z.output<typeof args>, ref: ObjectRef): Promise<PluginResult> {
  const settings = requestedSettings(a);
  if (settings.length === 0) return refused("set at least one of cpu_request, cpu_limit, memory_request, memory_limit");
  const apps = ctx.kc.makeApiClient(AppsV1Api);
  const deployment = await apps.readNamespacedDeployment({ name: a.deployment_name, namespace: a.namespace });
  const choice = chooseContainer(deployment.spec?.template, `deployment ${a.namespace}/${a.deployment_name}`, a.container);
  if (choice.error !== undefined) return refused(choice.error);
  const container = choice.container.name;
  const previous = resourceSnapshot(choice.container.resources);
  const edit = { fields: resourceFields(container, settings), patch: resourcesPatch(container, settings) };
  const outcome = await applyDeploymentEdit(ctx, deployment, edit);
  if ("refused" in outcome) return refused(outcome.refused);
  const after = deploymentContainer(outcome.applied, container)?.resources;
  const target = `${a.namespace}/${a.deployment_name}/${container}`;
  const changes = settings.map((s) => describeSetting(s, previous[s.bucket][s.resource], target));
  const data = { container, previous, updated: resourceSnapshot(after), previousManagers: outcome.previousManagers };
  return succeeded(ctx, changes.join("; "), [ref], data);
}

/** Sets CPU/memory requests and limits of one container of a Deployment. */
export const setContainerResources = defineRemediation({
  name: "set_container_resources",
  description: "调整 Deployment 容器的 CPU/内存配额",
  args,
  riskLevel: "medium",
  run(ctx, a) {
    const ref = deploymentRef(a);
    return guarded(ref, "set resources of", () => setResources(ctx, a, ref));
  },
});
