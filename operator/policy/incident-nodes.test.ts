import { describe, expect, it } from "vitest";
import { nodesInEvidence, nodesOfIncident } from "./incident-nodes.js";

describe("nodesInEvidence", () => {
  it.each<[string, string[]]>([
    ["node kwok-node-0: Ready=False reason=NodeStatusUnknown", ["kwok-node-0"]],
    ["node ip-10-0-1-2.ec2.internal: taints=[] unschedulable=false", ["ip-10-0-1-2.ec2.internal"]],
    ["pod web-1: phase=Running Ready=True node=worker-3", ["worker-3"]],
    ["pod web-1: phase=Pending Ready=False reason=Evicted node=worker-3", ["worker-3"]],
    ["pod web-1 container app: lastState.terminated.reason=OOMKilled exitCode=137", []],
    ["the node is probably fine", []],
    ["nodeName worker-3", []],
    ["node Worker-3: Ready=True", []],
  ])("%s -> %j", (line, nodes) => {
    expect(nodesInEvidence(line)).toEqual(nodes);
  });
});

describe("nodesOfIncident", () => {
  const finding = (...evidence: string[]): { finding: string; evidence: string[] } => ({ finding: "f", evidence });
  const diagnosis = (...findings: ReturnType<typeof finding>[]) => ({
    diagnosis: { engine: "rules" as const, conclusion: "c", confidence: 0.9, keyFindings: findings, suggestedActions: [], diagnosedAt: "2026-01-15T10:30:00Z" },
  });
  it.each<[string, Parameters<typeof nodesOfIncident>[0], Parameters<typeof nodesOfIncident>[1], string[]]>([
    ["a Node target", { target: { kind: "Node", name: "node-a" } }, undefined, ["node-a"]],
    ["a Deployment target, no diagnosis", { target: { kind: "Deployment", name: "web", namespace: "default" } }, undefined, []],
    ["a Deployment whose pods' node the evidence names", { target: { kind: "Deployment", name: "web", namespace: "default" } }, diagnosis(finding("pod web-1: phase=Running Ready=False node=node-b")), ["node-b"]],
    ["a Node target and more nodes in evidence, without repeats", { target: { kind: "Node", name: "node-a" } }, diagnosis(finding("node node-a: Ready=False"), finding("pod x: phase=Running Ready=True node=node-c")), ["node-a", "node-c"]],
    ["no target at all", {}, diagnosis(finding("no node here")), []],
  ])("%s", (_name, spec, status, nodes) => {
    expect(nodesOfIncident(spec, status)).toEqual(nodes);
  });
});
