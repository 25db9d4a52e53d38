import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { IncidentStatus } from "../../crds/index.js";
import { componentLogger } from "../../lib/logger.js";
import type { Incident } from "../../lib/resources.js";
import type { PolicyDecision } from "../policy/evaluate-policy.js";
import type { ClaimResult } from "./execution-claims.js";
import { runStep, type StepRunnerDeps } from "./step-runner.js";

const at = "2026-01-15T10:00:00Z";
const status: IncidentStatus = {
  phase: "executing",
  processedDecisions: 0,
  proposal: { revision: 1, description: "d", steps: [{ plugin: "rollout_restart_deployment", description: "s" }], riskLevel: "low", estimatedDuration: "1m", rollbackPlan: "r", proposedAt: at },
  execution: {
    proposalRevision: 1,
    startedAt: at,
    steps: [
      { index: 0, plugin: "rollout_restart_deployment", parameters: { namespace: "shop", deployment_name: "api" }, state: "pending" },
      { index: 1, plugin: "rollout_restart_deployment", parameters: { namespace: "shop", deployment_name: "api" }, state: "pending" },
    ],
  },
};

/** An apiserver of one incident: writes carry the resourceVersion they were derived from; a stale one is a 409. */
function world(opts: { verdict?: PolicyDecision; claim?: ClaimResult; duringStep?: (w: World) => void } = {}) {
  const w = {
    stored: { apiVersion: "kubefix.io/v1alpha1", kind: "Incident", metadata: { name: "inc-1", resourceVersion: "1" }, spec: { occurrences: 1 }, status } as unknown as Incident,
    calls: [] as string[],
    released: 0,
    conflicts: 0,
  };
  const bump = (i: Incident): Incident => ({ ...i, metadata: { ...i.metadata, resourceVersion: String(Number(i.metadata.resourceVersion) + 1) } });
  const deps: StepRunnerDeps = {
    incidents: { list: () => Promise.resolve({ items: [] }), get: () => Promise.resolve(structuredClone(w.stored)) } as never,
    registry: {
      get: () => ({ timeoutSeconds: 30 }),
      execute: () => {
        w.calls.push("dry", "real");
        opts.duringStep?.(w);
        return Promise.resolve({ dryRun: { ok: true, summary: "dry run passed" }, result: { ok: true, summary: "restarted" } });
      },
    } as never,
    claims: {
      acquire: () => Promise.resolve(opts.claim ?? { held: true, claim: { key: "k", holder: "inc-1", durationMs: 90_000, resourceVersion: "9" } }),
      renew: (c: unknown) => Promise.resolve(c),
      release: () => {
        w.released++;
        return Promise.resolve(true);
      },
    } as never,
    policy: () => Promise.resolve(opts.verdict ?? { verdict: "auto_execute", reasons: ["within policy"] }),
    write: (base, next) => {
      if (base.metadata.resourceVersion !== w.stored.metadata.resourceVersion) {
        w.conflicts++;
        return Promise.reject(new ApiException(409, "Conflict", {}, {}));
      }
      w.stored = bump({ ...base, status: next });
      return Promise.resolve(structuredClone(w.stored));
    },
    now: () => new Date(at),
    log: componentLogger("test"),
  };
  return { w, deps };
}
type World = ReturnType<typeof world>["w"];

describe("runStep", () => {
  it("records the result onto the fresh incident when a repeat alert changed its spec during the step", async () => {
    const { w, deps } = world({
      // Intake raises occurrences while the step runs: the resourceVersion the step was started on is gone.
      duringStep: (x) => {
        x.stored = { ...x.stored, metadata: { ...x.stored.metadata, resourceVersion: "50" }, spec: { ...x.stored.spec, occurrences: 2 } };
      },
    });
    const run = await runStep(deps, structuredClone(w.stored), 0);
    expect(run.status).toBeUndefined();
    expect(w.conflicts).toBe(1);
    expect(w.calls).toEqual(["dry", "real"]);
    expect(w.stored.spec.occurrences).toBe(2);
    expect(w.stored.status?.execution?.steps.map((s) => s.state)).toEqual(["succeeded", "pending"]);
    expect(w.released).toBe(1);
  });

  it("waits, running nothing, while another incident holds the object's claim", async () => {
    const { w, deps } = world({ claim: { held: false, holder: "inc-2", retryAfterMs: 5_000 } });
    const run = await runStep(deps, structuredClone(w.stored), 0);
    expect(run.requeueAfterMs).toBe(5_000);
    expect(run.status?.phase).toBe("executing");
    expect(run.status?.execution?.steps[0]).toMatchObject({ state: "pending", output: expect.stringContaining("Deployment/shop/api is being changed by inc-2") });
    expect(w.calls).toEqual([]);
    expect(w.released).toBe(0);
  });

  it.each<[string, PolicyDecision["verdict"], string]>([
    ["require_approval, not approved: back to awaiting_approval", "require_approval", "awaiting_approval"],
    ["deny: escalated", "deny", "escalated"],
  ])("%s, nothing run, claim released", async (_name, verdict, phase) => {
    const { w, deps } = world({ verdict: { verdict, reasons: ["hourly quota spent"] } });
    const run = await runStep(deps, structuredClone(w.stored), 0);
    expect(run.status?.phase).toBe(phase);
    expect(w.calls).toEqual([]);
    expect(w.released).toBe(1);
    expect(w.stored.status?.execution?.steps[0]?.state).toBe("pending");
  });

  it("runs a step that needs approval when this revision is approved", async () => {
    const { w, deps } = world({ verdict: { verdict: "require_approval", reasons: ["cooldown"] } });
    w.stored = {
      ...w.stored,
      spec: { ...w.stored.spec, decisions: [{ action: "approve", by: "a", via: "api", at, proposalRevision: 1 }] },
      status: { ...status, processedDecisions: 1, timeline: [{ id: "evt_001", type: "approved", timestamp: at, data: { proposalRevision: 1 } }] },
    };
    await runStep(deps, structuredClone(w.stored), 0);
    expect(w.calls).toEqual(["dry", "real"]);
    expect(w.stored.status?.execution?.steps[0]?.state).toBe("succeeded");
  });
});
