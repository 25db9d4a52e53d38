import type { KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { IncidentStatus, Proposal } from "../../crds/index.js";
import type { Incident } from "../../lib/resources.js";
import { OperatorConfig } from "../../lib/settings/operator-config.js";
import type { PluginResourceView } from "../policy/plugin-floor.js";
import { remediationPlugins } from "../plugins/builtin/remediation/index.js";
import type { WrittenObject } from "../plugins/written-object.js";
import { evaluateIncidentPolicy, evaluateStepPolicy, type PolicyGatherDeps } from "./policy-facts.js";
import type { WrittenObjectRead } from "./written-object-read.js";

const at = "2026-01-15T10:30:00Z";
const now = new Date(at);
type Step = { plugin: string; parameters: Record<string, unknown> };

const restart: Step = { plugin: "rollout_restart_deployment", parameters: { namespace: "default", deployment_name: "web" } };

function incident(proposed: Step[], executed: Step[] = proposed, revisions: [number, number] = [1, 1]): Incident {
  const proposal: Proposal = {
    revision: revisions[0],
    description: "d",
    steps: proposed.map((s) => ({ ...s, description: "s" })),
    riskLevel: "low",
    estimatedDuration: "1m",
    rollbackPlan: "none",
    proposedAt: at,
  };
  const status: IncidentStatus = {
    phase: "executing",
    proposal,
    execution: { proposalRevision: revisions[1], startedAt: at, steps: executed.map((s, index) => ({ index, ...s, state: "pending" as const })) },
  };
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "Incident",
    metadata: { name: "inc-20260115-001", namespace: "kubefix-system" },
    spec: {
      id: "INC-20260115-001",
      title: "t",
      severity: "high",
      category: "kubernetes",
      fingerprint: "abcdef0123456789",
      alert: { message: "m", receivedAt: at },
      target: { kind: "Deployment", name: "web", namespace: "default" },
      occurrences: 1,
      firstSeen: at,
      lastSeen: at,
    },
    status,
  };
}

interface World {
  resources?: Record<string, PluginResourceView>;
  objects?: Record<string, WrittenObjectRead>;
}

function deps(world: World = {}): PolicyGatherDeps & { reads: string[] } {
  const byName = new Map(remediationPlugins.map((p) => [p.name, p]));
  const reads: string[] = [];
  return {
    kc: {} as KubeConfig,
    config: OperatorConfig.parse({}),
    registry: {
      get: (name) => byName.get(name),
      readResource: async (name) => world.resources?.[name] ?? { readable: true, spec: { enabled: true } },
    },
    incidents: [],
    now,
    reads,
    readObject: async (o: WrittenObject) => {
      reads.push(`${o.kind}/${o.namespace}/${o.name}`);
      return world.objects?.[o.name] ?? { ok: true, metadata: {}, replicas: 2 };
    },
  };
}

describe("evaluateStepPolicy: the recorded step, with fresh facts", () => {
  it.each<[string, Incident, World, string, RegExp]>([
    ["a restart within policy", incident([restart]), {}, "auto_execute", /within policy/],
    [
      "the step as recorded, not the proposal: the recorded step has no namespace",
      incident([restart], [{ plugin: restart.plugin, parameters: { deployment_name: "web" } }]),
      {},
      "deny",
      /names no namespace/,
    ],
    [
      "the step as recorded, not the proposal: the recorded step aims at kube-system",
      incident([restart], [{ plugin: restart.plugin, parameters: { namespace: "kube-system", deployment_name: "coredns" } }]),
      {},
      "deny",
      /namespace kube-system is not in the allowed/,
    ],
    ["an execution of an older proposal revision", incident([restart], [restart], [2, 1]), {}, "deny", /belongs to proposal revision 1, but the proposal is now revision 2/],
    ["the Plugin resource was deleted since the proposal", incident([restart]), { resources: { rollout_restart_deployment: { readable: false, reason: "not found (deleted?)" } } }, "deny", /cannot be read \(not found \(deleted\?\)\)/],
    ["the Plugin resource now requires approval", incident([restart]), { resources: { rollout_restart_deployment: { readable: true, spec: { requiresApproval: true } } } }, "require_approval", /approval required \(Plugin resource\)/],
    ["the Plugin resource now says high risk", incident([restart]), { resources: { rollout_restart_deployment: { readable: true, spec: { riskLevel: "high" } } } }, "require_approval", /risk high \(Plugin resource; built-in low\)/],
    ["the Plugin resource says disabled", incident([restart]), { resources: { rollout_restart_deployment: { readable: true, spec: { enabled: false } } } }, "deny", /is disabled/],
    ["the Deployment became Argo CD-managed", incident([restart]), { objects: { web: { ok: true, metadata: { labels: { "argocd.argoproj.io/instance": "shop" } } } } }, "require_approval", /managed by Argo CD \(Application shop\)/],
    ["the Deployment cannot be read", incident([restart]), { objects: { web: { ok: false, error: "HTTP 503" } } }, "require_approval", /Deployment\/default\/web: HTTP 503/],
  ])("%s -> %s", async (_name, inc, world, verdict, reason) => {
    const decision = await evaluateStepPolicy(inc, 0, deps(world));
    expect(decision.verdict).toBe(verdict);
    expect(decision.reasons.join(" | ")).toMatch(reason);
  });

  it("checks only the step about to run", async () => {
    const later = { plugin: "scale_deployment", parameters: { namespace: "default", deployment_name: "api", replicas: 20 } };
    const d = deps();
    expect((await evaluateStepPolicy(incident([restart, later]), 0, d)).verdict).toBe("auto_execute");
    expect(d.reads).toEqual(["Deployment/default/web"]);
    expect((await evaluateStepPolicy(incident([restart, later]), 1, d)).reasons.join(" ")).toMatch(/replica change 2 -> 20/);
  });

  it("denies a step index the execution does not have", async () => {
    expect(await evaluateStepPolicy(incident([restart]), 3, deps())).toEqual({ verdict: "deny", reasons: ["the execution has no step 3"] });
  });

  it("turns a failure while gathering into a deny", async () => {
    const d = deps();
    d.registry = { get: d.registry.get, readResource: () => Promise.reject(new Error("boom")) };
    const decision = await evaluateStepPolicy(incident([restart]), 0, d);
    expect(decision).toEqual({ verdict: "deny", reasons: ["policy facts for step 0 could not be gathered: boom"] });
  });
});

describe("evaluateIncidentPolicy: replica facts", () => {
  const scale = { plugin: "scale_deployment", parameters: { namespace: "default", deployment_name: "web", replicas: 3 } };
  it.each<[string, World, string, RegExp]>([
    ["2 -> 3 with the Deployment readable", {}, "auto_execute", /within policy/],
    ["the replica lookup fails", { objects: { web: { ok: false, error: 'deployments.apps "web" not found' } } }, "require_approval", /current replicas .* unknown \(deployments.apps "web" not found\)/],
    ["a Flux-managed Deployment", { objects: { web: { ok: true, metadata: { managedFields: [{ manager: "kustomize-controller" }] }, replicas: 2 } } }, "require_approval", /change it in Git instead: set replicas of Deployment web to 3/],
  ])("%s -> %s", async (_name, world, verdict, reason) => {
    const decision = await evaluateIncidentPolicy(incident([scale]), deps(world));
    expect(decision.verdict).toBe(verdict);
    expect(decision.reasons.join(" | ")).toMatch(reason);
  });
});
