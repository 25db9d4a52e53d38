/** The rule engine behind the lifecycle's engine interface. */
import type { Incident } from "../../lib/resources.js";
import { gatherEvidence } from "../diagnosis/evidence.js";
import { toMillis } from "../diagnosis/facts/events.js";
import { DEFAULT_FRESHNESS_MINUTES } from "../diagnosis/freshness-window.js";
import type { Locale } from "../diagnosis/messages.js";
import { diagnoseWithRules, type RuleEngineResult } from "../diagnosis/rule-engine.js";
import type { DiagnosisEngine, DiagnosisOutcome } from "./engine.js";
import { rfc3339 } from "./timeline.js";

/** Options of the rule engine: language, clock and the freshness window (read at each diagnosis, so a settings change applies to the next one). */
export interface RuleEngineAdapterOptions {
  locale?: Locale;
  now?: () => Date;
  freshnessMinutes?: () => number;
}

/**
 * Where the window of fresh evidence ends: when the alert last came in, for a
 * first diagnosis. A diagnosis of an incident that already had a proposal (it
 * expired and is diagnosed again) judges by the diagnosis time instead
 * (undefined here): otherwise evidence from just before an alert that never
 * repeated would stay fresh for ever, and the same fix would be proposed again
 * each time the last one expired.
 */
export function freshnessReference(incident: Pick<Incident, "spec" | "status">): Date | undefined {
  if (incident.status?.proposal !== undefined) return undefined;
  const ms = toMillis(incident.spec.lastSeen) ?? toMillis(incident.spec.alert.receivedAt);
  return ms === undefined ? undefined : new Date(ms);
}

const freshnessOf = (result: RuleEngineResult, windowMinutes: number): NonNullable<DiagnosisOutcome["freshness"]> => ({
  windowMinutes,
  stale: result.staleEvidence.map((f) => ({
    object: f.object,
    fact: f.fact,
    ...(f.ageMs === undefined ? {} : { ageSeconds: Math.round(f.ageMs / 1000) }),
  })),
});

/** A diagnosis engine that gathers live evidence through the diagnostic plugins and applies the rules. */
export function createRuleEngine(opts: RuleEngineAdapterOptions = {}): DiagnosisEngine {
  const now = opts.now ?? ((): Date => new Date());
  const freshnessMinutes = opts.freshnessMinutes ?? ((): number => DEFAULT_FRESHNESS_MINUTES);
  return {
    name: "rules",
    async diagnose(incident, callTool) {
      const at = now();
      const target = incident.spec.target;
      if (!target) {
        return {
          diagnosis: {
            engine: "rules",
            conclusion: "未能确定根因",
            rootCause: "the alert names no workload, pod or node to examine",
            confidence: 0.1,
            keyFindings: [],
            suggestedActions: ["补充告警中的服务、命名空间或 Pod 信息"],
            diagnosedAt: rfc3339(at),
          },
        };
      }
      const evidence = await gatherEvidence(target, callTool);
      const windowMinutes = freshnessMinutes();
      const alertAt = freshnessReference(incident);
      const result = diagnoseWithRules(evidence, {
        now: at,
        freshnessMinutes: windowMinutes,
        ...(alertAt ? { alertAt } : {}),
        ...(opts.locale ? { locale: opts.locale } : {}),
      });
      const diagnosis = { ...result.diagnosis, diagnosedAt: rfc3339(at) };
      const freshness = freshnessOf(result, windowMinutes);
      return result.proposal ? { diagnosis, proposal: result.proposal, freshness } : { diagnosis, freshness };
    },
  };
}
