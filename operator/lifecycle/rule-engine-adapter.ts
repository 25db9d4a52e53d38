/** The rule engine behind the lifecycle's engine interface. */
import { gatherEvidence } from "../diagnosis/evidence.js";
import type { Locale } from "../diagnosis/messages.js";
import { diagnoseWithRules } from "../diagnosis/rule-engine.js";
import type { DiagnosisEngine } from "./engine.js";
import { rfc3339 } from "./timeline.js";

/** A diagnosis engine that gathers live evidence through the diagnostic plugins and applies the rules. */
export function createRuleEngine(opts: { locale?: Locale; now?: () => Date } = {}): DiagnosisEngine {
  const now = opts.now ?? ((): Date => new Date());
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
      const result = diagnoseWithRules(evidence, { now: at, ...(opts.locale ? { locale: opts.locale } : {}) });
      const diagnosis = { ...result.diagnosis, diagnosedAt: rfc3339(at) };
      return result.proposal ? { diagnosis, proposal: result.proposal } : { diagnosis };
    },
  };
}
