/**
 * Realistic incidents for the benchmarks: a reproducible mix of scenarios,
 * languages, phases and severities over 90 days, each with the status and
 * timeline its phase implies.
 */
import type { IncidentPhase, IncidentStatus, Severity } from "../crds/index.js";
import type { Incident } from "../lib/resources.js";
import { NAMESPACES, SCENARIO_MIX, SCENARIOS, SERVICES, type Scenario, type ScenarioText } from "./scenarios.js";
import { offsetOf, reached, STAGE, timelineOf, type TimelineInput } from "./timeline.js";

/** Every incident is created in the 90 days before this instant, so runs index the same data. */
export const FIXTURE_END_MS = Date.parse("2025-06-30T00:00:00Z");
export const FIXTURE_DAYS = 90;
const DAY_MS = 86_400_000;

/** mulberry32: a small seeded PRNG, so every run generates the same incidents. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from `pairs` by weight; `r` is uniform in [0, 1). */
function weighted<T>(pairs: readonly (readonly [T, number])[], r: number): T {
  const total = pairs.reduce((sum, [, w]) => sum + w, 0);
  let left = r * total;
  for (const [value, w] of pairs) {
    left -= w;
    if (left < 0) return value;
  }
  return pairs[pairs.length - 1]![0];
}

// Most incidents in a history are finished; a few are still in flight.
const PHASES: readonly (readonly [IncidentPhase, number])[] = [
  ["resolved", 55], ["escalated", 8], ["failed", 5], ["ignored", 5], ["duplicate", 4], ["rejected", 3],
  ["awaiting_approval", 6], ["executing", 2], ["verifying", 2], ["proposing", 2], ["diagnosing", 4], ["new", 4],
];
const SEVERITIES: readonly (readonly [Severity, number])[] = [["critical", 10], ["high", 30], ["medium", 35], ["low", 20], ["info", 5]];

const iso = (ms: number): string => new Date(ms).toISOString();
const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length)]!;

function statusOf(phase: IncidentPhase, t: TimelineInput): IncidentStatus {
  const n = reached(phase);
  const when = (index: number): string => iso(t.createdMs + offsetOf(index) * 1000);
  const { text, scenario } = t;
  const timeline = timelineOf(t);
  return {
    observedGeneration: 1,
    phase,
    phaseSince: timeline[timeline.length - 1]!.timestamp,
    ...(n > STAGE.diagnosis
      ? {
          diagnosis: {
            engine: "llm", model: "claude-sonnet-4", conclusion: text.conclusion, rootCause: text.rootCause, confidence: 0.86,
            keyFindings: text.findings.map((finding) => ({ finding, source: "kubectl_describe" })),
            suggestedActions: text.actions, diagnosedAt: when(STAGE.diagnosis),
          },
        }
      : {}),
    ...(n > STAGE.proposal
      ? {
          proposal: {
            revision: 1, description: text.proposal, riskLevel: "medium", estimatedDuration: "2 分钟", rollbackPlan: "回滚到原始配置 / restore the previous spec",
            steps: [{ plugin: scenario.plugin, parameters: scenario.parameters, description: text.proposal }], proposedAt: when(STAGE.proposal),
          },
        }
      : {}),
    ...(n > STAGE.execution ? { execution: executionOf(t, n > STAGE.executionDone) } : {}),
    ...(phase === "resolved" ? { resolvedAt: timeline[timeline.length - 1]!.timestamp, resolution: "auto_fixed" } : {}),
    timeline,
  };
}

function executionOf(t: TimelineInput, done: boolean): NonNullable<IncidentStatus["execution"]> {
  const startedAt = iso(t.createdMs + offsetOf(STAGE.execution) * 1000);
  const completedAt = iso(t.createdMs + offsetOf(STAGE.executionDone) * 1000);
  const step = { index: 0, plugin: t.scenario.plugin, parameters: t.scenario.parameters, startedAt };
  return done
    ? { proposalRevision: 1, startedAt, completedAt, success: true, durationSeconds: 39, output: "rollout complete", steps: [{ ...step, state: "succeeded", completedAt, output: "deployment.apps/web patched" }] }
    : { proposalRevision: 1, startedAt, steps: [{ ...step, state: "started" }] };
}

interface Draw {
  scenario: Scenario;
  text: ScenarioText;
  phase: IncidentPhase;
  severity: Severity;
  createdMs: number;
  service: string;
  namespace: string;
}

function draw(rand: () => number): Draw {
  const scenario = SCENARIOS[pick(SCENARIO_MIX, rand())]!;
  return {
    scenario,
    // Diagnoses are Chinese by default; some teams configure English.
    text: rand() < 0.7 ? scenario.zh : scenario.en,
    phase: weighted(PHASES, rand()),
    severity: weighted(SEVERITIES, rand()),
    createdMs: FIXTURE_END_MS - Math.floor(rand() * FIXTURE_DAYS * DAY_MS),
    service: pick(SERVICES, rand()),
    namespace: pick(NAMESPACES, rand()),
  };
}

/** The incident number `n` (unique id), drawn from `rand`. */
export function benchIncident(n: number, rand: () => number): Incident {
  const d = draw(rand);
  const created = iso(d.createdMs);
  const id = `INC-${created.slice(0, 10).replaceAll("-", "")}-${String(n).padStart(6, "0")}`;
  const target = { namespace: d.namespace, name: d.scenario.targetKind === "Node" ? `node-${n % 40}` : d.service };
  const message = `${d.scenario.alertLine}\n服务: ${d.service}\n命名空间: ${d.namespace}\n时间: ${created}`;
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "Incident",
    // Custom objects arrive as JSON, with the timestamp as a string.
    metadata: { name: id.toLowerCase(), namespace: "kubefix-system", resourceVersion: String(1000 + n), uid: `uid-${n}`, creationTimestamp: created as unknown as Date },
    spec: {
      id, title: `${d.text.title} (${d.service})`, severity: d.severity, category: d.scenario.category, source: "alert_bot",
      fingerprint: `${d.scenario.key}-${d.namespace}-${d.service}`.padEnd(16, "0"),
      alert: { message, source: "alert_bot", receivedAt: created, alertName: d.scenario.alertName, labels: { namespace: d.namespace, service: d.service } },
      target: { kind: d.scenario.targetKind, ...target },
      occurrences: 1, firstSeen: created, lastSeen: created,
    },
    status: statusOf(d.phase, { phase: d.phase, createdMs: d.createdMs, scenario: d.scenario, text: d.text, target }),
  };
}

/** `count` incidents, the same ones on every run for the same `seed`. */
export function benchIncidents(count: number, seed = 42): Incident[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => benchIncident(i + 1, rand));
}

/** `inc` one step later: a repeated alert, as a watch event would bring it. */
export function withRepeatedAlert(inc: Incident, atMs: number): Incident {
  const timeline = inc.status?.timeline ?? [];
  const event = { id: `evt_${String(timeline.length + 1).padStart(3, "0")}`, type: "alert_repeated" as const, timestamp: iso(atMs), message: "告警再次触发 / alert repeated" };
  return {
    ...inc,
    spec: { ...inc.spec, occurrences: inc.spec.occurrences + 1, lastSeen: iso(atMs) },
    status: { ...inc.status, timeline: [...timeline, event] },
  };
}
