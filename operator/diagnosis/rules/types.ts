/** The shape every rule returns, and the proposal draft the lifecycle numbers and stamps. */
import type { Diagnosis, Proposal } from "../../../crds/index.js";
import type { Evidence } from "../evidence.js";
import type { FailureMode } from "../failure-modes.js";
import type { Locale } from "../messages.js";

/** One key finding of a diagnosis. */
export type Finding = Diagnosis["keyFindings"][number];

/** A proposal before the lifecycle gives it a revision and a time. */
export type ProposalDraft = Omit<Proposal, "revision" | "proposedAt">;

/** One step of a proposal: a remediation tool and its complete arguments. */
export type ProposalStep = ProposalDraft["steps"][number];

/** What a rule concludes when its failure mode is present. */
export interface RuleMatch {
  mode: FailureMode;
  /** 0..1: how strongly the evidence shows the mode (see docs/rule-engine.md for the bands). */
  confidence: number;
  conclusion: string;
  rootCause: string;
  findings: Finding[];
  suggestedActions: string[];
  /** Absent when a human has to decide the fix. */
  proposal?: ProposalDraft;
}

/** A pure check of one failure mode; texts in the given locale (Chinese by default). */
export type Rule = (e: Evidence, locale?: Locale) => RuleMatch | undefined;

/** The most evidence lines a finding carries, as the Incident schema allows. */
const EVIDENCE_LIMIT = 20;

/** A finding with its evidence lines and the tool they came from. */
export const finding = (text: string, evidence: string[], source: string): Finding => ({
  finding: text,
  evidence: evidence.slice(0, EVIDENCE_LIMIT),
  source,
});
