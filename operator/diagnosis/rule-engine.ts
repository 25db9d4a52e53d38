/** The deterministic diagnosis engine: every rule runs, the strongest match becomes the diagnosis. */
import type { Diagnosis } from "../../crds/index.js";
import type { Evidence } from "./evidence.js";
import { FAILURE_MODE_CATALOGUE, type FailureMode } from "./failure-modes.js";
import { DEFAULT_LOCALE, ENGINE_MESSAGES, type EngineMessages, type Locale } from "./messages.js";
import { rankFailingPods } from "./facts/pods.js";
import { targetEvents } from "./facts/events.js";
import { splitByFreshness, type StaleFact } from "./facts/freshness.js";
import { onlyStaleText, staleEvidenceFinding, staleMatchFinding } from "./freshness-findings.js";
import { freshnessWindow, type FreshnessWindow } from "./freshness-window.js";
import { finding, type Finding, type ProposalDraft, type RuleMatch } from "./rules/types.js";
import { runRules, staleOnlyMatches, type StaleMatch } from "./stale-matches.js";

/** What the engine concludes: the diagnosis, the proposal of the winning rule, and its mode. */
export interface RuleEngineResult {
  diagnosis: Diagnosis;
  proposal?: ProposalDraft;
  mode: FailureMode | "unknown";
  /** The notable evidence outside the freshness window, newest first: none of it drove the result. */
  staleEvidence: StaleFact[];
}

/** Options of one diagnosis: the clock, the freshness window and the language of the texts. */
export interface RuleEngineOptions {
  now: Date;
  /** When the alert came in (the incident's lastSeen); the window ends there. Default and upper bound: now. */
  alertAt?: Date;
  /** How long before the alert evidence still counts as fresh (default DEFAULT_FRESHNESS_MINUTES). */
  freshnessMinutes?: number;
  locale?: Locale;
}

/** The schema's bounds on a diagnosis. */
const MAX_FINDINGS = 50;
const MAX_ACTIONS = 20;
const MAX_EVIDENCE = 20;
const MAX_KNOWLEDGE = 2;
const MAX_TEXT = { conclusion: 1024, rootCause: 8192, finding: 2048, evidence: 4096 };
/** Confidence without a match: nothing looks wrong, or something does but no rule explains it. */
const UNKNOWN_HEALTHY = 0.1;
const UNKNOWN_TROUBLED = 0.3;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A finding within the schema's bounds, whatever a message from the cluster carried. */
const fit = (f: Finding): Finding => ({
  ...f,
  finding: clip(f.finding, MAX_TEXT.finding),
  evidence: (f.evidence ?? []).slice(0, MAX_EVIDENCE).map((line) => clip(line, MAX_TEXT.evidence)),
});

const round = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;

/** Strongest first; among equals, the mode nearer the root cause. */
export function compareMatches(a: RuleMatch, b: RuleMatch): number {
  return (
    round(b.confidence) - round(a.confidence) ||
    FAILURE_MODE_CATALOGUE[b.mode].specificity - FAILURE_MODE_CATALOGUE[a.mode].specificity
  );
}

/** Another match as one finding, with only the evidence the winner did not already show. */
function supportingFinding(match: RuleMatch, shown: ReadonlySet<string>, m: EngineMessages): Finding {
  const evidence = [...new Set(match.findings.flatMap((f) => f.evidence ?? []))].filter((line) => !shown.has(line));
  return finding(m.alsoFound(match.conclusion), evidence.slice(0, MAX_EVIDENCE), `rules/${match.mode}`);
}

function contextFindings(e: Evidence, m: EngineMessages): Finding[] {
  const knowledge = [...e.knowledge]
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_KNOWLEDGE)
    .map((k) => finding(m.knowledge(k.title), [`knowledge ${k.id} score=${k.score}: ${k.excerpt ?? ""}`], "search_knowledge"));
  const failures = e.toolFailures.map((f) => `${f.tool} ${JSON.stringify(f.args)}: ${f.error}`);
  return [...knowledge, ...(failures.length > 0 ? [finding(m.toolFailures(failures.length), failures, "rule-engine")] : [])];
}

/** What the window set aside: the notable stale facts and the modes only they show. */
interface Staleness {
  window: FreshnessWindow;
  facts: StaleFact[];
  matches: StaleMatch[];
}

/** The stale findings: which evidence was too old, then each mode only it shows. */
function staleFindings(s: Staleness, shown: ReadonlySet<string>, m: EngineMessages): Finding[] {
  return [...staleEvidenceFinding(s.facts, s.window, m), ...s.matches.map((x) => staleMatchFinding(x, shown, m))];
}

/** No fresh match: escalate; stale evidence is named but decides nothing. */
function unknownResult(e: Evidence, s: Staleness, m: EngineMessages): RuleEngineResult {
  const events = targetEvents(e).filter((ev) => ev.type === "Warning");
  const troubled = rankFailingPods(e.pods).length > 0 || events.length > 0;
  const rootCause = m.unknownRootCause(e.pods.length, targetEvents(e).length) + onlyStaleText(s.matches, s.window, m);
  return {
    mode: "unknown",
    diagnosis: {
      engine: "rules",
      conclusion: m.unknownConclusion,
      rootCause: clip(rootCause, MAX_TEXT.rootCause),
      confidence: troubled ? UNKNOWN_TROUBLED : UNKNOWN_HEALTHY,
      keyFindings: [...staleFindings(s, new Set(), m), ...contextFindings(e, m)].slice(0, MAX_FINDINGS).map(fit),
      suggestedActions: [m.escalate],
      diagnosedAt: s.window.now.toISOString(),
    },
    staleEvidence: s.facts,
  };
}

/**
 * Diagnoses the evidence: the rules see only its fresh view (facts/freshness.ts); the strongest
 * match (ties: the more specific mode) gives the conclusion, root cause, actions and proposal;
 * the other matches add supporting findings, and so do the modes only stale evidence shows,
 * with confidence lowered by age and no proposal. No fresh match gives "unknown" at confidence
 * 0.3 or less, which the lifecycle escalates.
 */
export function diagnoseWithRules(evidence: Evidence, opts: RuleEngineOptions): RuleEngineResult {
  const locale = opts.locale ?? DEFAULT_LOCALE;
  const m = ENGINE_MESSAGES[locale];
  const window = freshnessWindow(opts.now, opts.alertAt, opts.freshnessMinutes);
  const split = splitByFreshness(evidence, window);
  const fresh = split.fresh;
  const matches = runRules(fresh, locale).sort(compareMatches);
  const stale: Staleness = {
    window,
    facts: split.stale.filter((f) => f.notable),
    matches: staleOnlyMatches(evidence, split, matches, locale).sort((a, b) => compareMatches(a.match, b.match)),
  };
  const [best, ...others] = matches;
  if (best === undefined) return unknownResult(fresh, stale, m);
  const shown = new Set(best.findings.flatMap((f) => f.evidence ?? []));
  const keyFindings = [
    ...best.findings,
    ...staleFindings(stale, shown, m),
    ...others.map((o) => supportingFinding(o, shown, m)),
    ...contextFindings(fresh, m),
  ];
  return {
    mode: best.mode,
    diagnosis: {
      engine: "rules",
      conclusion: clip(best.conclusion, MAX_TEXT.conclusion),
      rootCause: clip(best.rootCause, MAX_TEXT.rootCause),
      confidence: round(best.confidence),
      keyFindings: keyFindings.slice(0, MAX_FINDINGS).map(fit),
      suggestedActions: [...new Set(best.suggestedActions)].slice(0, MAX_ACTIONS),
      diagnosedAt: opts.now.toISOString(),
    },
    staleEvidence: stale.facts,
    ...(best.proposal === undefined ? {} : { proposal: best.proposal }),
  };
}
