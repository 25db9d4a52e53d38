/** What the lifecycle needs from a diagnosis engine (the rule engine, or Claude). */
import type { Diagnosis, Proposal } from "../../crds/index.js";
import type { Incident } from "../../lib/resources.js";
import type { PluginResult } from "../plugins/types.js";

/** A proposal before the lifecycle numbers and dates it. */
export type ProposalDraft = Omit<Proposal, "revision" | "proposedAt">;

/** Evidence too old to act on: which object, what happened, how long before the alert. */
export interface StaleEvidence {
  object: string;
  fact: string;
  /** Absent when the object recorded no time. */
  ageSeconds?: number;
}

export interface DiagnosisOutcome {
  diagnosis: Diagnosis;
  /** Absent when the engine knows no safe automatic fix. */
  proposal?: ProposalDraft;
  /** The freshness window the engine judged evidence by, and what fell outside it. */
  freshness?: { windowMinutes: number; stale: StaleEvidence[] };
}

/** Calls a diagnostic tool by name; every call lands in the incident's timeline. */
export type ToolCaller = (name: string, args: Record<string, unknown>) => Promise<PluginResult>;

export interface DiagnosisEngine {
  readonly name: "rules" | "llm";
  diagnose(incident: Incident, callTool: ToolCaller): Promise<DiagnosisOutcome>;
}
