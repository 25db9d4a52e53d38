import { describe, expect, it } from "vitest";
import { FAILURE_MODE_CATALOGUE, FAILURE_MODES, needsHuman, type FailureMode } from "./failure-modes.js";
import { ALL_RULES } from "./rules/index.js";
import { SCENARIOS } from "./test-scenarios.js";

/** The remediation tools the plugins offer, with the arguments each requires. */
const REQUIRED_ARGS: Record<string, string[]> = {
  set_container_resources: ["namespace", "deployment_name", "container"],
  rollback_deployment: ["namespace", "deployment_name"],
  rollout_restart_deployment: ["namespace", "deployment_name"],
  delete_evicted_pods: ["namespace"],
  cordon_node: ["node_name"],
};

describe("the failure-mode catalogue", () => {
  it.each(FAILURE_MODES)("%s has titles in both languages and a rule that finds it", (mode) => {
    const info = FAILURE_MODE_CATALOGUE[mode];
    expect(info.title.zh).not.toBe("");
    expect(info.title.en).not.toBe("");
    expect(ALL_RULES.some((rule) => rule(SCENARIOS[mode]())?.mode === mode)).toBe(true);
  });

  it.each(FAILURE_MODES)("in the %s scenario every match proposes only its catalogued tools, with their required arguments", (mode) => {
    const matches = ALL_RULES.flatMap((rule) => rule(SCENARIOS[mode]()) ?? []);
    for (const match of matches) {
      for (const step of match.proposal?.steps ?? []) {
        expect(FAILURE_MODE_CATALOGUE[match.mode].proposalTools).toContain(step.plugin);
        expect(Object.keys(step.parameters ?? {})).toEqual(expect.arrayContaining(REQUIRED_ARGS[step.plugin] ?? ["<unknown tool>"]));
      }
    }
  });

  it.each<[FailureMode, boolean]>([
    ["unschedulable_resources", true],
    ["quota_exceeded", true],
    ["service_no_endpoints", true],
    ["oom_killed", false],
    ["node_not_ready", false],
  ])("%s needs a human: %s", (mode, expected) => {
    expect(needsHuman(mode)).toBe(expected);
  });
});
