import { describe, expect, it } from "vitest";
import type { PluginResult } from "../plugins/types.js";
import type { Evidence } from "./evidence.js";
import { absorbResult } from "./evidence-merge.js";
import { deploymentFixture, deploymentTarget, evidenceFixture, fixtureOwnership, NS, states } from "./test-fixtures.js";
import { eventFixture, pvcFixture } from "./test-objects.js";
import { podFixture } from "./test-pods.js";

const call = { tool: "list_pods", args: { namespace: NS } };
const ok = (data: Record<string, unknown>): PluginResult => ({ ok: true, summary: "ok", data });
const base = (): Evidence => evidenceFixture(deploymentTarget());
const older = eventFixture({ reason: "Pulled", type: "Normal", message: "pulled", name: "a", ago: 30 });
const newer = eventFixture({ reason: "BackOff", message: "back-off", name: "a", ago: 1 });
const crashing = podFixture({ container: states.crashLoop(1) });
/** The same pod as owned by another Deployment whose selector overlaps (a canary). */
const canaryOwnership = (pod: ReturnType<typeof podFixture>): ReturnType<typeof fixtureOwnership> => {
  const o = fixtureOwnership(pod);
  return { ...o, workload: { kind: "Deployment", namespace: NS, name: "user-service-canary", uid: "uid-deploy-canary" } };
};

describe("absorbResult", () => {
  it.each<[string, Evidence, PluginResult, (e: Evidence) => unknown, unknown]>([
    ["records a failure instead of data", base(), { ok: false, summary: "list failed", error: "timeout" }, (e) => e.toolFailures, [{ tool: "list_pods", args: { namespace: NS }, error: "timeout" }]],
    ["falls back to the summary when a failure has no error", base(), { ok: false, summary: "list failed" }, (e) => e.toolFailures[0]?.error, "list failed"],
    ["keeps events newest first", base(), ok({ events: [older, newer] }), (e) => e.events.map((ev) => ev.reason), ["BackOff", "Pulled"]],
    ["replaces an event it already has", evidenceFixture(deploymentTarget(), { events: [newer] }), ok({ events: [{ ...newer, count: 9 }] }), (e) => e.events.map((ev) => ev.count), [9]],
    ["replaces a pod by namespace and name", evidenceFixture(deploymentTarget(), { pods: [podFixture()] }), ok({ pod: crashing }), (e) => e.pods.map((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason), ["CrashLoopBackOff"]],
    ["keeps only the Deployment's pods once its selector is known", base(), ok({ deployment: deploymentFixture(), pods: [podFixture(), podFixture({ deployment: "billing" })] }), (e) => e.pods.length, 1],
    ["takes the single pvc key into the list", base(), ok({ pvc: pvcFixture("db-data", "Pending") }), (e) => e.pvcs.map((p) => p.metadata?.name), ["db-data"]],
    ["ignores keys outside the contract", base(), ok({ logs: "..." }), (e) => e, base()],
    ["ignores malformed values", base(), ok({ pods: "not a list", events: [null, 3] }), (e) => [e.pods.length, e.events.length], [0, 0]],
    ["keeps another workload's pod out, by its owner read from the cluster", base(), ok({ deployment: deploymentFixture(), pods: [podFixture(), podFixture({ suffix: "q8w7z" })], podOwners: [fixtureOwnership(podFixture()), canaryOwnership(podFixture({ suffix: "q8w7z" }))] }), (e) => e.pods.map((p) => p.metadata?.name), [podFixture().metadata?.name]],
    ["without the selector keeps no pod by its name, only by its read owner", base(), ok({ pods: [podFixture(), podFixture({ suffix: "q8w7z" })], podOwners: [fixtureOwnership(podFixture())] }), (e) => e.pods.map((p) => p.metadata?.name), [podFixture().metadata?.name]],
    ["takes the owners in, ignoring malformed ones", base(), ok({ podOwners: [fixtureOwnership(podFixture()), { pod: 3 }, null] }), (e) => e.podOwners.map((o) => o.workload?.name), ["user-service"]],
    ["keeps the first Deployment and lists every one", base(), ok({ deployment: deploymentFixture({ name: "billing" }) }), (e) => [e.deployment?.metadata?.name, e.deployments.length], ["billing", 1]],
  ])("%s", (_name, evidence, result, pick, expected) => {
    expect(pick(absorbResult(evidence, call, result))).toEqual(expected);
  });
});
