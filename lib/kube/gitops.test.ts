import { describe, expect, it } from "vitest";
import { gitOpsManagementOf, type ManagedMeta } from "./gitops.js";

describe("gitOpsManagementOf", () => {
  it.each<[string, ManagedMeta, string | undefined, string | undefined, RegExp | undefined]>([
    ["nothing", {}, undefined, undefined, undefined],
    ["a kubectl-created Deployment", { labels: { app: "web" }, managedFields: [{ manager: "kubectl-create" }, { manager: "kube-controller-manager" }] }, undefined, undefined, undefined],
    ["a Helm release (not GitOps)", { labels: { "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/instance": "web" }, managedFields: [{ manager: "helm" }] }, undefined, undefined, undefined],
    ["Argo CD's tracking annotation", { annotations: { "argocd.argoproj.io/tracking-id": "shop:apps/Deployment:prod/web" } }, "Argo CD", "Application shop", /annotation argocd.argoproj.io\/tracking-id=shop:apps\/Deployment:prod\/web/],
    ["Argo CD's tracking annotation, apps in any namespace", { annotations: { "argocd.argoproj.io/tracking-id": "team-a_shop:apps/Deployment:prod/web" } }, "Argo CD", "Application team-a_shop", /tracking-id/],
    ["Argo CD's instance label", { labels: { "argocd.argoproj.io/instance": "shop" } }, "Argo CD", "Application shop", /label argocd.argoproj.io\/instance=shop/],
    ["Argo CD's server-side apply manager", { managedFields: [{ manager: "argocd-controller" }] }, "Argo CD", undefined, /field manager argocd-controller/],
    ["Argo CD's client-side apply manager", { managedFields: [{ manager: "argocd-application-controller" }] }, "Argo CD", undefined, /field manager argocd-application-controller/],
    ["a Flux Kustomization's labels", { labels: { "kustomize.toolkit.fluxcd.io/name": "apps", "kustomize.toolkit.fluxcd.io/namespace": "flux-system" } }, "Flux", "Kustomization flux-system/apps", /label kustomize.toolkit.fluxcd.io\/name=apps/],
    ["a Flux HelmRelease's labels", { labels: { "helm.toolkit.fluxcd.io/name": "web", "helm.toolkit.fluxcd.io/namespace": "prod" } }, "Flux", "HelmRelease prod/web", /label helm.toolkit.fluxcd.io\/name=web/],
    ["kustomize-controller's field manager only", { managedFields: [{ manager: "kustomize-controller" }] }, "Flux", undefined, /field manager kustomize-controller \(a Flux Kustomization\)/],
    ["helm-controller's field manager only", { managedFields: [{ manager: "helm-controller" }] }, "Flux", undefined, /field manager helm-controller/],
    ["managed-by naming Flux", { labels: { "app.kubernetes.io/managed-by": "Flux" } }, "Flux", undefined, /managed-by=Flux/],
    ["managed-by naming argocd", { labels: { "app.kubernetes.io/managed-by": "argocd" } }, "Argo CD", undefined, /managed-by=argocd/],
    ["an empty Flux label", { labels: { "kustomize.toolkit.fluxcd.io/name": "" } }, undefined, undefined, undefined],
  ])("%s -> %s", (_name, meta, tool, owner, seen) => {
    const found = gitOpsManagementOf(meta);
    expect(found?.tool).toBe(tool);
    expect(found?.owner).toBe(owner);
    if (seen) expect(found?.signals.map((s) => s.seen).join(" | ")).toMatch(seen);
  });

  it("names the owner from a label when the field manager came first in the list", () => {
    const found = gitOpsManagementOf({ labels: { "kustomize.toolkit.fluxcd.io/name": "apps" }, managedFields: [{ manager: "kustomize-controller" }] });
    expect(found?.owner).toBe("Kustomization apps");
    expect(found?.signals).toHaveLength(2);
  });
});
