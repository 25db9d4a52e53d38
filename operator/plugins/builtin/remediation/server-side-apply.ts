/**
 * Template and spec edits of a Deployment as server-side apply with field
 * manager `kubefix`, so `managedFields` shows kubefix as the owner of what it
 * changed (e.g. `resources.limits.memory`).
 *
 * Force: a field set by a plain create, `kubectl edit`, client-side
 * `kubectl apply` or Helm 3 is owned by an *Update* manager, and an apply
 * without force would conflict with it on every real remediation. Such
 * managers do not hold a declaration kubefix would fight, so kubefix applies
 * with force and reports whom it took the field from. A field owned by
 * another *Apply* manager (server-side `kubectl apply`, Helm 4, Argo CD or
 * Flux with server-side apply) is declared somewhere else and would be put
 * back: kubefix refuses it and says where to change it.
 *
 * Each apply carries kubefix's earlier apply configuration of the object
 * too: server-side apply removes a field its manager applied before and
 * leaves out now, so a later image change would otherwise drop an earlier
 * memory raise.
 */
import { AppsV1Api, PatchStrategy, setHeaderOptions, type ConfigurationOptions, type V1Deployment } from "@kubernetes/client-node";
import { FIELD_MANAGER } from "../../kube-access/request-guard.js";
import type { PluginContext } from "../../types.js";
import { fieldOwners, fieldPathText, kubefixApplied, type FieldOwner, type FieldPath } from "./managed-fields.js";

/** Sends the body as a server-side apply configuration. */
export const applyPatch: ConfigurationOptions = setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply);

/** One edit: the fields it sets (managedFields paths) and the partial Deployment (from `spec` down) that sets them. */
export interface DeploymentEdit {
  fields: readonly FieldPath[];
  patch: { spec: Record<string, unknown> };
}

/** The managers kubefix takes each field from, by field (".spec.paused": ["kubectl-edit (Update)"]). */
export type PreviousManagers = Record<string, string[]>;

export type ApplyPlan = { body: Record<string, unknown>; previousManagers: PreviousManagers } | { refused: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Deep merge of apply configurations; lists of named elements (containers) merge by name. */
export function mergeApplied(base: unknown, change: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(change)) return mergeNamedLists(base, change);
  if (!isRecord(base) || !isRecord(change)) return change;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(change)) out[key] = key in base ? mergeApplied(base[key], value) : value;
  return out;
}

function mergeNamedLists(base: unknown[], change: unknown[]): unknown[] {
  const named = (el: unknown): string | undefined => (isRecord(el) && typeof el.name === "string" ? el.name : undefined);
  if (![...base, ...change].every((el) => named(el) !== undefined)) return change;
  const out = [...base];
  for (const el of change) {
    const at = out.findIndex((b) => named(b) === named(el));
    if (at === -1) out.push(el);
    else out[at] = mergeApplied(out[at], el);
  }
  return out;
}

const describeOwner = (o: FieldOwner): string => `${o.manager} (${o.operation})`;

/** The apply configuration for `edit` of `deployment`, or why kubefix must not apply it. */
export function planDeploymentApply(deployment: V1Deployment, edit: DeploymentEdit): ApplyPlan {
  const previousManagers: PreviousManagers = {};
  for (const path of edit.fields) {
    const owners = fieldOwners(deployment.metadata?.managedFields, path);
    const declared = owners.filter((o) => o.operation === "Apply");
    const field = fieldPathText(path);
    if (declared.length > 0) {
      const by = declared.map((o) => o.manager).join(", ");
      return { refused: `${field} is declared by ${by} through server-side apply; kubefix does not take a declared field, change it where ${by} gets it from` };
    }
    previousManagers[field] = owners.map(describeOwner);
  }
  const { name, namespace } = deployment.metadata ?? {};
  const earlier = kubefixApplied(deployment);
  const body = mergeApplied({ ...earlier, apiVersion: "apps/v1", kind: "Deployment" }, { metadata: { name, namespace }, ...edit.patch });
  return { body: body as Record<string, unknown>, previousManagers };
}

/** Applies `edit` to `deployment` (as read just before) with field manager kubefix; resolves with the server's object. */
export async function applyDeploymentEdit(
  ctx: PluginContext,
  deployment: V1Deployment,
  edit: DeploymentEdit,
): Promise<{ applied: V1Deployment; previousManagers: PreviousManagers } | { refused: string }> {
  const plan = planDeploymentApply(deployment, edit);
  if ("refused" in plan) return plan;
  const applied = await ctx.kc.makeApiClient(AppsV1Api).patchNamespacedDeployment(
    {
      name: deployment.metadata?.name ?? "",
      namespace: deployment.metadata?.namespace ?? "",
      body: plan.body,
      fieldManager: FIELD_MANAGER,
      force: true,
    },
    applyPatch,
  );
  return { applied, previousManagers: plan.previousManagers };
}
