/**
 * set_deployment_image: changes the image of one container of a Deployment
 * (`kubectl set image`). The previous image goes into the result so the
 * change can be reverted with the same plugin.
 */
import { AppsV1Api } from "@kubernetes/client-node";
import { z } from "zod";
import { defineRemediation, type PluginContext, type PluginResult } from "../../types.js";
import { containerArg, namespaceArg, objectNameArg } from "./arg-schemas.js";
import { deploymentRef } from "./deployment-ref.js";
import { guarded, refused, succeeded, unchanged, type ObjectRef } from "./outcome.js";
import { containerKey } from "./managed-fields.js";
import { applyDeploymentEdit } from "./server-side-apply.js";
import { chooseContainer, deploymentContainer } from "./template-container.js";

const args = z.object({
  namespace: namespaceArg,
  deployment_name: objectNameArg("Deployment"),
  container: containerArg,
  image: z
    .string()
    .min(1)
    .max(512)
    .regex(/^\S+$/, "an image reference has no whitespace")
    .describe("New image reference, e.g. registry.example/app:1.4.2"),
});

/** The apply configuration that sets one container's image; other containers are untouched. */
export function imagePatch(container: string, image: string): { spec: Record<string, unknown> } {
  return { spec: { template: { spec: { containers: [{ name: container, image }] } } } };
}

async function setImage(ctx: PluginContext, a: z.output<typeof args>, ref: ObjectRef): Promise<PluginResult> {
  const apps = ctx.kc.makeApiClient(AppsV1Api);
  const deployment = await apps.readNamespacedDeployment({ name: a.deployment_name, namespace: a.namespace });
  const choice = chooseContainer(deployment.spec?.template, `deployment ${a.namespace}/${a.deployment_name}`, a.container);
  if (choice.error !== undefined) return refused(choice.error);
  const container = choice.container.name;
  const previousImage = choice.container.image;
  const target = `${a.namespace}/${a.deployment_name}/${container}`;
  if (previousImage === a.image) return unchanged(`${target} already runs ${a.image}`, { container, previousImage, image: a.image });
  const fields = [["f:spec", "f:template", "f:spec", "f:containers", containerKey(container), "f:image"]];
  const outcome = await applyDeploymentEdit(ctx, deployment, { fields, patch: imagePatch(container, a.image) });
  if ("refused" in outcome) return refused(outcome.refused);
  const image = deploymentContainer(outcome.applied, container)?.image;
  const data = { container, previousImage, image, previousManagers: outcome.previousManagers };
  return succeeded(ctx, `changed image of ${target} from ${previousImage} to ${image}`, [ref], data);
}

/** Sets the image of one container of a Deployment. */
export const setDeploymentImage = defineRemediation({
  name: "set_deployment_image",
  description: "更新 Deployment 容器镜像",
  args,
  // An arbitrary image is arbitrary code: always a human decision.
  riskLevel: "high",
  requiresApproval: true,
  run(ctx, a) {
    const ref = deploymentRef(a);
    return guarded(ref, "set the image of", () => setImage(ctx, a, ref));
  },
});
