import { describe, expect, it } from "vitest";
import { OperatorConfig } from "../../lib/settings/operator-config.js";
import type { Incident } from "../../lib/resources.js";
import type { DiagnosisOutcome } from "./engine.js";
import { createRuleEngine, freshnessReference } from "./rule-engine-adapter.js";
import { afterDiagnosis } from "./transitions.js";

const NOW = new Date("2026-01-15T10:05:00Z");
const diagnosis = { engine: "rules" as const, conclusion: "未能确定根因", confidence: 0.1, keyFindings: [], suggestedActions: [], diagnosedAt: NOW.toISOString() };

describe("diagnosis_completed names the evidence that was too old", () => {
  const stale = { object: "Pod production/billing-7d9f8b6c5-x2x9k", fact: "container app lastState.terminated reason=OOMKilled exitCode=137", ageSeconds: 1_814_400 };
  it.each<[string, DiagnosisOutcome, Record<string, unknown>]>([
    ["stale evidence", { diagnosis, freshness: { windowMinutes: 30, stale: [stale] } }, { freshness_window_minutes: 30, stale_evidence: [{ object: stale.object, fact: stale.fact, age_seconds: 1_814_400 }] }],
    ["an unrecorded time", { diagnosis, freshness: { windowMinutes: 30, stale: [{ object: "o", fact: "f" }] } }, { stale_evidence: [{ object: "o", fact: "f" }] }],
    ["nothing stale", { diagnosis, freshness: { windowMinutes: 15, stale: [] } }, { freshness_window_minutes: 15 }],
  ])("%s", (_name, outcome, data) => {
    const next = afterDiagnosis({}, [], outcome, { config: OperatorConfig.parse({}), now: NOW });
    const event = next.timeline?.find((e) => e.type === "diagnosis_completed");
    expect(event?.data).toMatchObject({ conclusion: diagnosis.conclusion, ...data });
    if (outcome.freshness?.stale.length === 0) expect(event?.data).not.toHaveProperty("stale_evidence");
  });

  it("an engine without a window (the LLM) adds nothing", () => {
    const next = afterDiagnosis({}, [], { diagnosis }, { config: OperatorConfig.parse({}), now: NOW });
    expect(next.timeline?.find((e) => e.type === "diagnosis_completed")?.data).toEqual({ conclusion: diagnosis.conclusion, confidence: 0.1 });
  });
});

describe("createRuleEngine reads the window at each diagnosis", () => {
  const incident = {
    spec: { target: { kind: "Deployment", name: "web", namespace: "demo" }, lastSeen: "2026-01-15T10:00:00Z", alert: { message: "m", receivedAt: "2026-01-15T10:00:00Z" } },
  } as unknown as Incident;
  it("follows a settings change without a restart", async () => {
    let minutes = 30;
    const engine = createRuleEngine({ now: () => NOW, freshnessMinutes: () => minutes });
    const callTool = async (): Promise<{ ok: false; summary: string; error: string }> => ({ ok: false, summary: "down", error: "down" });
    expect((await engine.diagnose(incident, callTool)).freshness?.windowMinutes).toBe(30);
    minutes = 5;
    expect((await engine.diagnose(incident, callTool)).freshness?.windowMinutes).toBe(5);
  });
});

describe("freshnessReference: where the window of fresh evidence ends", () => {
  const spec = { lastSeen: "2026-01-15T08:00:00Z", alert: { message: "m", receivedAt: "2026-01-15T07:00:00Z" } };
  const proposal = { revision: 1, description: "d", steps: [{ plugin: "p", description: "s" }], riskLevel: "low", estimatedDuration: "1m", rollbackPlan: "r", proposedAt: "2026-01-15T08:01:00Z" };
  it.each<[string, Pick<Incident, "spec" | "status">, string | undefined]>([
    ["a first diagnosis: the last alert", { spec } as Incident, "2026-01-15T08:00:00.000Z"],
    ["without lastSeen: when the alert was received", { spec: { alert: spec.alert } } as unknown as Incident, "2026-01-15T07:00:00.000Z"],
    ["a diagnosis after a proposal expired: the diagnosis time, so the old alert's evidence is not fresh again", { spec, status: { phase: "diagnosing", proposal } } as unknown as Incident, undefined],
  ])("%s", (_name, incident, expected) => {
    expect(freshnessReference(incident)?.toISOString()).toBe(expected);
  });
});
