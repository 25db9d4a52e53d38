/**
 * Policy fails closed, on the real cluster, through the operator: the Plugin
 * resource a user edits is the policy enforced (built-in values as the
 * floor), every input that cannot be read or told makes policy stricter,
 * cluster-scoped writes wait for a human and only aim at the incident's
 * nodes, and a GitOps-managed object never gets an automatic write. Each case
 * asserts the cluster afterwards: what must not run did not write.
 */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppsV1Api, CoreV1Api, type V1Deployment } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding, ProposalStep } from "../../crds/index.js";
import { createIntake } from "../../lib/intake/intake.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import { PLUGINS, type Incident, type Plugin, type PluginInput } from "../../lib/resources.js";
import { describePod } from "../../operator/diagnosis/facts/describe.js";
import type { DiagnosisEngine } from "../../operator/lifecycle/engine.js";
import { rfc3339 } from "../../operator/lifecycle/timeline.js";
import { deploymentManifest } from "../fixtures/scenarios.js";
import { adminKube, controlPlane, eventually, kubectl } from "./helpers.js";
import { phaseOf, startTestOperator, type OperatorSetup } from "./operator-setup.js";
import type { z } from "zod";

const kc = adminKube();
const apps = kc.makeApiClient(AppsV1Api);
const core = kc.makeApiClient(CoreV1Api);

type Step = z.input<typeof ProposalStep>;
type Proposed = { steps: Step[]; findings?: z.input<typeof Finding>[] };
type Propose = (namespace: string, name: string) => Promise<Proposed> | Proposed;

/** Proposes `proposals[word]` for the Deployment named after `word` in the incident's title ("restart web"). */
function engine(proposals: Record<string, Propose>): DiagnosisEngine {
  return {
    name: "rules",
    async diagnose(incident) {
      const word = Object.keys(proposals).find((w) => incident.spec.title.includes(`${w} `));
      const name = word ? new RegExp(`${word} (\\S+)`).exec(incident.spec.title)?.[1] : undefined;
      const namespace = incident.spec.target?.namespace;
      const made = word && name && namespace ? await proposals[word]!(namespace, name) : undefined;
      const diagnosis = {
        engine: "rules" as const,
        conclusion: "policy test",
        confidence: 0.95,
        keyFindings: made?.findings ?? [],
        suggestedActions: [],
        diagnosedAt: rfc3339(new Date()),
      };
      if (!made) return { diagnosis };
      const proposal = { description: `policy test: ${word}`, steps: made.steps, riskLevel: "low" as const, estimatedDuration: "1m", rollbackPlan: "none" };
      return { diagnosis, proposal };
    },
  };
}

const restart: Propose = (namespace, name) => ({ steps: [{ plugin: "rollout_restart_deployment", parameters: { namespace, deployment_name: name }, description: "restart" }] });
const memory: Propose = (namespace, name) => ({
  steps: [{ plugin: "set_container_resources", parameters: { namespace, deployment_name: name, container: "app", memory_limit: "256Mi" }, description: "memory" }],
});

async function firstPod(namespace: string, name: string): Promise<{ pod: string; node: string; evidence: string }> {
  const pods = (await core.listNamespacedPod({ namespace, labelSelector: `app=${name}` })).items.sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
  const pod = pods[0]!;
  return { pod: pod.metadata!.name!, node: pod.spec!.nodeName!, evidence: describePod(pod) };
}

/** Cordons the node of the Deployment's first pod (`related`) or another node of the cluster. */
const cordon = (related: boolean): Propose => async (namespace, name) => {
  const { node, evidence } = await firstPod(namespace, name);
  const target = related ? node : controlPlane.nodeNames.find((n) => n !== node)!;
  return {
    steps: [{ plugin: "cordon_node", parameters: { node_name: target }, description: `cordon ${target}` }],
    findings: [{ finding: "the pod's node is unhealthy", evidence: [evidence], source: "describe_pod" }],
  };
};

const proposals: Record<string, Propose> = {
  restart,
  memory,
  scale: (namespace, name) => ({ steps: [{ plugin: "scale_deployment", parameters: { namespace, deployment_name: name, replicas: 3 }, description: "2 -> 3" }] }),
  pause: (namespace, name) => ({ steps: [{ plugin: "pause_rollout", parameters: { namespace, deployment_name: name }, description: "pause" }] }),
  resume: (namespace, name) => ({ steps: [{ plugin: "resume_rollout", parameters: { namespace, deployment_name: name }, description: "resume" }] }),
  // The object to scale does not exist: the replica lookup fails.
  scalegone: (namespace, name) => ({ steps: [{ plugin: "scale_deployment", parameters: { namespace, deployment_name: `${name}-gone`, replicas: 3 }, description: "scale" }] }),
  // No namespace: the step cannot say where it writes.
  nonamespace: (_namespace, name) => ({ steps: [{ plugin: "rollout_restart_deployment", parameters: { deployment_name: name }, description: "restart" }] }),
  cordonmine: cordon(true),
  cordonother: cordon(false),
};

async function waitAvailable(namespace: string, name: string, replicas: number): Promise<string> {
  return eventually(`${name} available`, async () => {
    const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=${name}` });
    const d = await apps.readNamespacedDeployment({ name, namespace });
    return d.status?.availableReplicas === replicas ? pods.items[0]?.metadata?.name : undefined;
  });
}

async function alertOn(s: OperatorSetup, word: string, name: string): Promise<string> {
  const pod = await waitAvailable(s.appNs, name, (await apps.readNamespacedDeployment({ name, namespace: s.appNs })).spec!.replicas!);
  const message = `[告警] ${word} ${name}\n服务: ${name}\n命名空间: ${s.appNs}\nPod: ${pod}`;
  return (await createIntake({ kc, namespace: s.installNs }).receive({ message })).incidentId;
}

async function deploy(s: OperatorSetup, name: string, edit: (d: V1Deployment) => void = () => undefined, replicas = 2): Promise<void> {
  const body = deploymentManifest(name, { replicas });
  edit(body);
  await apps.createNamespacedDeployment({ namespace: s.appNs, body });
}

/** What a write would change: generation, paused, replicas, the container's limits. */
async function fingerprintOf(namespace: string, name: string): Promise<string> {
  const d = await apps.readNamespacedDeployment({ name, namespace });
  return JSON.stringify([d.metadata?.generation, d.spec?.paused, d.spec?.replicas, d.spec?.template.spec?.containers[0]?.resources]);
}

const reasonsOf = (i: Incident): string => i.status?.policy?.reasons.join(" | ") ?? "";
const settled = ["awaiting_approval", "executing", "verifying", "resolved", "escalated", "failed"];

describe("the Plugin resource is the policy enforced (built-in values are the floor)", () => {
  let s: OperatorSetup;
  let plugins: KindClient<Plugin, PluginInput>;
  const mergePatch = (plugin: string, spec: Record<string, unknown>): Promise<string> =>
    kubectl(["patch", "plugins.kubefix.io", plugin, "-n", s.installNs, "--type=merge", "-p", JSON.stringify({ spec })]);

  beforeAll(async () => {
    s = await startTestOperator({ engine: engine(proposals) });
    plugins = new KindClient(kc, PLUGINS, s.installNs);
  });
  afterAll(async () => s.operator.stop());

  it("requiresApproval: true set by a user makes the next proposal wait, and nothing is written", async () => {
    await mergePatch("rollout-restart-deployment", { requiresApproval: true });
    await deploy(s, "web");
    const before = await fingerprintOf(s.appNs, "web");
    const inc = await phaseOf(s, await alertOn(s, "restart", "web"), settled);
    expect(inc.status?.phase).toBe("awaiting_approval");
    expect(reasonsOf(inc)).toContain("plugin rollout_restart_deployment requires approval");
    expect(reasonsOf(inc)).toContain("approval required (Plugin resource)");
    expect(await fingerprintOf(s.appNs, "web")).toBe(before);
  });

  it("a higher riskLevel set by a user makes the next proposal wait, and nothing is written", async () => {
    await mergePatch("set-container-resources", { riskLevel: "high" });
    await deploy(s, "api");
    const before = await fingerprintOf(s.appNs, "api");
    const inc = await phaseOf(s, await alertOn(s, "memory", "api"), settled);
    expect(inc.status?.phase).toBe("awaiting_approval");
    expect(reasonsOf(inc)).toContain("plugin set_container_resources is high risk, above the auto-execution limit");
    expect(reasonsOf(inc)).toContain("risk high (Plugin resource; built-in medium)");
    expect(await fingerprintOf(s.appNs, "api")).toBe(before);
  });

  it("a resource cannot loosen the built-in values: requiresApproval: false and riskLevel: low on resume_rollout still wait", async () => {
    await mergePatch("resume-rollout", { requiresApproval: false, riskLevel: "low" });
    // Paused after its first rollout: a Deployment created paused never makes its ReplicaSet.
    await deploy(s, "paused");
    await waitAvailable(s.appNs, "paused", 2);
    await kubectl(["patch", "deployment", "paused", "-n", s.appNs, "--type=merge", "-p", '{"spec":{"paused":true}}']);
    const before = await fingerprintOf(s.appNs, "paused");
    const inc = await phaseOf(s, await alertOn(s, "resume", "paused"), settled);
    expect(inc.status?.phase).toBe("awaiting_approval");
    expect(reasonsOf(inc)).toContain("the Plugin resource's false cannot lift it");
    expect(reasonsOf(inc)).toContain("the Plugin resource's low cannot lower it");
    expect(await fingerprintOf(s.appNs, "paused")).toBe(before);
  });

  it("a deleted Plugin resource counts as unknown, not enabled: the proposal is denied and the registry refuses the remediation", async () => {
    await plugins.delete("pause-rollout");
    await deploy(s, "orders");
    const before = await fingerprintOf(s.appNs, "orders");
    const inc = await phaseOf(s, await alertOn(s, "pause", "orders"), settled);
    expect(inc.status?.phase).toBe("escalated");
    expect(inc.status?.policy?.verdict).toBe("deny");
    expect(reasonsOf(inc)).toMatch(/the Plugin resource of pause_rollout cannot be read \(Plugin .*\/pause-rollout: not found \(deleted\?\)\).*treated as disabled/);
    expect(inc.status?.execution).toBeUndefined();

    const direct = await s.operator.registry.execute("pause_rollout", { namespace: s.appNs, deployment_name: "orders" });
    expect(direct.result).toBeUndefined();
    expect(direct.dryRun.ok).toBe(false);
    expect(direct.dryRun.error).toMatch(/remediation pause_rollout refused: its Plugin resource cannot be read/);
    expect(await fingerprintOf(s.appNs, "orders")).toBe(before);
  });

  it("a diagnostic whose Plugin resource cannot be read still reads (it never writes)", async () => {
    await plugins.delete("describe-deployment");
    const result = await s.operator.registry.call("describe_deployment", { namespace: s.appNs, deployment_name: "orders" });
    expect(result.ok).toBe(true);
  });
});

describe("inputs policy cannot read or tell make it stricter", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator({ engine: engine(proposals) });
  });
  afterAll(async () => s.operator.stop());

  it("a scale step whose replica lookup fails waits for approval, and nothing is written", async () => {
    await deploy(s, "cart");
    const before = await fingerprintOf(s.appNs, "cart");
    const inc = await phaseOf(s, await alertOn(s, "scalegone", "cart"), settled);
    expect(inc.status?.phase).toBe("awaiting_approval");
    expect(reasonsOf(inc)).toMatch(/current replicas of the object scale_deployment scales are unknown \(.*cart-gone.*not found\); the ±50% limit cannot be checked/);
    expect(await fingerprintOf(s.appNs, "cart")).toBe(before);
    await expect(apps.readNamespacedDeployment({ name: "cart-gone", namespace: s.appNs })).rejects.toThrow();
  });

  it("a step without a namespace is denied, and nothing is written", async () => {
    await deploy(s, "billing");
    const before = await fingerprintOf(s.appNs, "billing");
    const inc = await phaseOf(s, await alertOn(s, "nonamespace", "billing"), settled);
    expect(inc.status?.phase).toBe("escalated");
    expect(inc.status?.policy?.verdict).toBe("deny");
    expect(reasonsOf(inc)).toContain('rollout_restart_deployment names no namespace (string parameter "namespace")');
    expect(inc.status?.execution).toBeUndefined();
    expect(await fingerprintOf(s.appNs, "billing")).toBe(before);
  });

  it("an Argo CD-tracked Deployment is never written automatically: awaiting approval, saying who manages it and what to change in Git", async () => {
    await deploy(s, "shop", (d) => {
      d.metadata!.annotations = { "argocd.argoproj.io/tracking-id": `shop:apps/Deployment:${s.appNs}/shop` };
    });
    const before = await fingerprintOf(s.appNs, "shop");
    const inc = await phaseOf(s, await alertOn(s, "restart", "shop"), settled);
    expect(inc.status?.phase).toBe("awaiting_approval");
    expect(reasonsOf(inc)).toContain(`Deployment ${s.appNs}/shop is managed by Argo CD (Application shop)`);
    expect(reasonsOf(inc)).toContain("change it in Git instead: restart Deployment shop");
    expect(reasonsOf(inc)).toContain("the next sync may revert it");
    expect(await fingerprintOf(s.appNs, "shop")).toBe(before);
  });

  it("a Deployment applied by Flux's kustomize-controller (managed fields only) is never written automatically", async () => {
    const body = { apiVersion: "apps/v1", kind: "Deployment", ...deploymentManifest("catalog", { replicas: 2 }) };
    const file = join(tmpdir(), `catalog-${s.appNs}.json`);
    await writeFile(file, JSON.stringify(body));
    await kubectl(["apply", "--server-side", "--field-manager=kustomize-controller", "-n", s.appNs, "-f", file]);
    const before = await fingerprintOf(s.appNs, "catalog");
    const inc = await phaseOf(s, await alertOn(s, "memory", "catalog"), settled);
    expect(inc.status?.phase).toBe("awaiting_approval");
    expect(reasonsOf(inc)).toContain("is managed by Flux [field manager kustomize-controller (a Flux Kustomization)]");
    expect(reasonsOf(inc)).toContain("change it in Git instead: set memory limit 256Mi on container app of Deployment catalog");
    expect(await fingerprintOf(s.appNs, "catalog")).toBe(before);
  });
});

describe("cluster-scoped writes, under a policy that would auto-run any risk", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator({ engine: engine(proposals), policy: { autoExecuteMaxRisk: "critical" } });
  });
  afterAll(async () => s.operator.stop());

  const unschedulable = async (node: string): Promise<boolean | undefined> => (await core.readNode({ name: node })).spec?.unschedulable;

  it("cordoning the incident's own node (its pod's node) waits for approval; the node stays schedulable", async () => {
    await deploy(s, "queue", () => undefined, 1);
    const inc = await phaseOf(s, await alertOn(s, "cordonmine", "queue"), settled);
    const { node } = await firstPod(s.appNs, "queue");
    expect(inc.status?.phase).toBe("awaiting_approval");
    expect(reasonsOf(inc)).toContain(`cordon_node writes the cluster-scoped Node ${node}: cluster-scoped writes always need approval`);
    expect(await unschedulable(node)).not.toBe(true);
  });

  it("cordoning a node the incident is not about is denied; that node stays schedulable", async () => {
    await deploy(s, "mailer", () => undefined, 1);
    const inc = await phaseOf(s, await alertOn(s, "cordonother", "mailer"), settled);
    const { node } = await firstPod(s.appNs, "mailer");
    const other = controlPlane.nodeNames.find((n) => n !== node)!;
    expect(inc.status?.phase).toBe("escalated");
    expect(inc.status?.policy?.verdict).toBe("deny");
    expect(reasonsOf(inc)).toContain(`Node ${other} is neither the incident's target nor a node its evidence names (nodes of this incident: ${node})`);
    expect(await unschedulable(other)).not.toBe(true);
  });
});
