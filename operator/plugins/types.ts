/**
 * Plugins are typed tools: a name, a JSON-schema'd set of arguments, a risk
 * level, and code that talks to the Kubernetes API. Never free-form shell.
 * Built-ins are declared with a zod schema for their arguments; the same
 * schema validates calls and becomes the Plugin resource's `parameters`.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import type { z } from "zod";
import type { PluginCategory, RiskLevel } from "../../crds/index.js";
import type { Logger } from "../../lib/logger.js";

/** What a plugin call needs from the outside world. */
export interface PluginContext {
  /**
   * Guarded by the registry for this call: a diagnostic may only GET, a
   * remediation's dry-run pass sends every write as a server-side dry run,
   * and its real pass sends only the writes that dry run got accepted.
   */
  kc: KubeConfig;
  /** The namespace kubefix is installed in (where its own resources live). */
  installNamespace: string;
  log: Logger;
  /** Aborted when the plugin's timeout passes or the operator shuts down. */
  signal: AbortSignal;
  /**
   * True in a remediation's dry-run pass. The client already makes every
   * write a dry run; plugins read this only to word their summary.
   */
  dryRun: boolean;
}

/** The outcome of one call; a failure is a value, never an exception through the operator. */
export interface PluginResult {
  ok: boolean;
  /** One line a human reads in the timeline, e.g. "3 pods, 1 not ready". */
  summary: string;
  /** Structured output for the diagnosis engines and the timeline (kept small). */
  data?: Record<string, unknown>;
  /** Why the call failed, when ok is false. */
  error?: string;
  /** For remediations: the objects written, as "Kind/namespace/name". */
  changed?: string[];
  /**
   * Set by the registry when a write was sent and no clear answer came back
   * (timeout, lost connection, 500/502/504): it may or may not have landed,
   * so the step is verified, never recorded as failed or repeated.
   */
  outcome?: "unknown";
}

/** A built-in plugin: metadata plus the code behind it. */
export interface BuiltinPlugin<Args extends z.ZodType = z.ZodType> {
  /** snake_case tool name, as the REST API and the LLM see it (`list_pods`). */
  name: string;
  description: string;
  category: PluginCategory;
  args: Args;
  riskLevel: RiskLevel;
  requiresApproval: boolean;
  timeoutSeconds: number;
  run(ctx: PluginContext, args: z.output<Args>): Promise<PluginResult>;
}

/** Defines a built-in plugin with its argument types inferred from the schema. */
export function definePlugin<Args extends z.ZodType>(plugin: BuiltinPlugin<Args>): BuiltinPlugin<Args> {
  return plugin;
}

/** What a diagnostic plugin declares; the rest is the same for all of them. */
export type DiagnosticPluginDefinition<Args extends z.ZodType> = Pick<BuiltinPlugin<Args>, "name" | "description" | "args" | "run"> &
  Partial<Pick<BuiltinPlugin<Args>, "timeoutSeconds">>;

/** Defines a read-only diagnostic plugin: low risk, no approval, 30 s unless it says otherwise. */
export function defineDiagnostic<Args extends z.ZodType>(def: DiagnosticPluginDefinition<Args>): BuiltinPlugin<Args> {
  return { category: "diagnostic", riskLevel: "low", requiresApproval: false, timeoutSeconds: 30, ...def };
}

/** What a remediation plugin declares: its risk always, approval and timeout when they differ. */
export type RemediationPluginDefinition<Args extends z.ZodType> = Pick<
  BuiltinPlugin<Args>,
  "name" | "description" | "args" | "run" | "riskLevel"
> &
  Partial<Pick<BuiltinPlugin<Args>, "timeoutSeconds" | "requiresApproval">>;

/** Defines a remediation plugin: no mandatory approval and 30 s unless it says otherwise. */
export function defineRemediation<Args extends z.ZodType>(def: RemediationPluginDefinition<Args>): BuiltinPlugin<Args> {
  return { category: "remediation", requiresApproval: false, timeoutSeconds: 30, ...def };
}

export { resourceNameOf, toolNameOf } from "../../crds/plugin-names.js";
