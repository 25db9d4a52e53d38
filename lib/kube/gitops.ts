/**
 * Who reconciles an object from Git. Argo CD and Flux put the same object
 * back after every sync, so a direct change is reverted (self-heal) or
 * silently drifts; the fix belongs in the Git repository instead.
 *
 * The signals are the ones these tools document and write themselves:
 * - Argo CD: annotation `argocd.argoproj.io/tracking-id` (`<app>:<group>/<kind>:<ns>/<name>`,
 *   the default tracking method since 3.0), label `argocd.argoproj.io/instance` (the
 *   commonly configured custom tracking label), and the field managers `argocd-controller`
 *   (server-side apply syncs) and `argocd-application-controller` (client-side apply syncs).
 * - Flux: labels `kustomize.toolkit.fluxcd.io/name` + `/namespace` (kustomize-controller) and
 *   `helm.toolkit.fluxcd.io/name` + `/namespace` (helm-controller's post-renderer), and the field
 *   managers `kustomize-controller` and `helm-controller`.
 * - `app.kubernetes.io/managed-by` naming Argo CD or Flux.
 *
 * `app.kubernetes.io/instance` alone is not a signal: Helm charts set it on
 * nearly everything, and Argo CD's label tracking is seen through its field
 * manager anyway. A plain Helm release (managed-by `Helm`) is not GitOps:
 * nothing re-applies it until the next `helm upgrade`.
 */

/** The parts of `metadata` the detector reads (a V1ObjectMeta fits). */
export interface ManagedMeta {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  managedFields?: readonly { manager?: string }[];
}

export type GitOpsTool = "Argo CD" | "Flux";

/** One piece of evidence that a tool manages the object. */
export interface GitOpsSignal {
  tool: GitOpsTool;
  /** The managing object when the signal names it: `Application shop`, `Kustomization flux-system/apps`. */
  owner?: string;
  /** Where it was seen, e.g. `label kustomize.toolkit.fluxcd.io/name=apps`. */
  seen: string;
}

/** The verdict: the tool, the managing object if any signal names it, and every signal seen. */
export interface GitOpsManagement {
  tool: GitOpsTool;
  owner?: string;
  signals: GitOpsSignal[];
}

export const ARGOCD_TRACKING_ANNOTATION = "argocd.argoproj.io/tracking-id";
export const ARGOCD_INSTANCE_LABEL = "argocd.argoproj.io/instance";
const FLUX_KUSTOMIZE = "kustomize.toolkit.fluxcd.io";
const FLUX_HELM = "helm.toolkit.fluxcd.io";

const MANAGERS: Readonly<Record<string, { tool: GitOpsTool; owner: string }>> = {
  "argocd-controller": { tool: "Argo CD", owner: "an Argo CD Application" },
  "argocd-application-controller": { tool: "Argo CD", owner: "an Argo CD Application" },
  "kustomize-controller": { tool: "Flux", owner: "a Flux Kustomization" },
  "helm-controller": { tool: "Flux", owner: "a Flux HelmRelease" },
};

const MANAGED_BY: Readonly<Record<string, GitOpsTool>> = { argocd: "Argo CD", "argo-cd": "Argo CD", flux: "Flux", fluxcd: "Flux" };

function argoSignals(meta: ManagedMeta): GitOpsSignal[] {
  const out: GitOpsSignal[] = [];
  const tracking = meta.annotations?.[ARGOCD_TRACKING_ANNOTATION];
  if (tracking) {
    // The application is everything before the first ':' ("ns_app" with apps in any namespace).
    out.push({ tool: "Argo CD", owner: `Application ${tracking.split(":")[0]}`, seen: `annotation ${ARGOCD_TRACKING_ANNOTATION}=${tracking}` });
  }
  const instance = meta.labels?.[ARGOCD_INSTANCE_LABEL];
  if (instance) out.push({ tool: "Argo CD", owner: `Application ${instance}`, seen: `label ${ARGOCD_INSTANCE_LABEL}=${instance}` });
  return out;
}

function fluxSignal(meta: ManagedMeta, group: string, kind: string): GitOpsSignal[] {
  const name = meta.labels?.[`${group}/name`];
  if (!name) return [];
  const namespace = meta.labels?.[`${group}/namespace`];
  const owner = namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
  return [{ tool: "Flux", owner, seen: `label ${group}/name=${name}` }];
}

function managedBySignal(meta: ManagedMeta): GitOpsSignal[] {
  const value = meta.labels?.["app.kubernetes.io/managed-by"];
  const tool = value === undefined ? undefined : MANAGED_BY[value.toLowerCase()];
  return tool ? [{ tool, seen: `label app.kubernetes.io/managed-by=${value}` }] : [];
}

function managerSignals(meta: ManagedMeta): GitOpsSignal[] {
  const managers = new Set((meta.managedFields ?? []).map((f) => f.manager ?? ""));
  return [...managers].flatMap((m): GitOpsSignal[] => {
    const known = MANAGERS[m];
    return known ? [{ tool: known.tool, seen: `field manager ${m} (${known.owner})` }] : [];
  });
}

/** Every GitOps signal on the object, most specific first. */
export function gitOpsSignalsOf(meta: ManagedMeta): GitOpsSignal[] {
  return [
    ...argoSignals(meta),
    ...fluxSignal(meta, FLUX_KUSTOMIZE, "Kustomization"),
    ...fluxSignal(meta, FLUX_HELM, "HelmRelease"),
    ...managedBySignal(meta),
    ...managerSignals(meta),
  ];
}

/** Whether Argo CD or Flux manages the object, and through which object; undefined when nothing says so. */
export function gitOpsManagementOf(meta: ManagedMeta): GitOpsManagement | undefined {
  const signals = gitOpsSignalsOf(meta);
  const first = signals[0];
  if (!first) return undefined;
  const owner = signals.find((s) => s.tool === first.tool && s.owner !== undefined)?.owner;
  return { tool: first.tool, ...(owner === undefined ? {} : { owner }), signals };
}
