import { describe, expect, it } from "vitest";
import type { Incident } from "../../lib/resources.js";
import { createdAtMillis, diagnosisText, detailsText, incidentRow, toMillis, updatedAtMillis } from "./incident-row.js";

const base: Incident = {
  apiVersion: "kubefix.io/v1alpha1",
  kind: "Incident",
  metadata: { name: "inc-20240115-001" },
  spec: {
    id: "INC-20240115-001",
    title: "Pod CrashLoopBackOff",
    severity: "high",
    category: "kubernetes",
    fingerprint: "abc123def456",
    alert: { message: "pod restarting", receivedAt: "2024-01-15T10:00:00Z" },
    occurrences: 1,
    firstSeen: "2024-01-15T10:00:00Z",
    lastSeen: "2024-01-15T10:05:00Z",
  },
};

const ms = (iso: string): number => Date.parse(iso);

describe("toMillis", () => {
  it.each([
    { value: undefined, expected: undefined },
    { value: "not a date", expected: undefined },
    { value: "2024-01-15T10:00:00Z", expected: ms("2024-01-15T10:00:00Z") },
    { value: "2024-01-15T18:00:00+08:00", expected: ms("2024-01-15T10:00:00Z") },
    { value: new Date("2024-01-15T10:00:00Z"), expected: ms("2024-01-15T10:00:00Z") },
  ])("$value", ({ value, expected }) => {
    expect(toMillis(value)).toBe(expected);
  });
});

describe("createdAtMillis", () => {
  it.each([
    { name: "creationTimestamp as a JSON string", ts: "2024-01-15T10:01:00Z", expected: "2024-01-15T10:01:00Z" },
    { name: "creationTimestamp as a Date", ts: new Date("2024-01-15T10:02:00Z"), expected: "2024-01-15T10:02:00Z" },
    { name: "no creationTimestamp: firstSeen", ts: undefined, expected: "2024-01-15T10:00:00Z" },
  ])("$name", ({ ts, expected }) => {
    const inc = { ...base, metadata: { ...base.metadata, creationTimestamp: ts as Date | undefined } };
    expect(createdAtMillis(inc)).toBe(ms(expected));
  });
});

describe("updatedAtMillis", () => {
  const event = (timestamp: string) => ({ id: "evt_001", type: "tool_call" as const, timestamp });
  it.each([
    { name: "only lastSeen", status: undefined, expected: "2024-01-15T10:05:00Z" },
    { name: "phaseSince is later", status: { phaseSince: "2024-01-15T11:00:00Z" }, expected: "2024-01-15T11:00:00Z" },
    {
      name: "a timeline event is latest, wherever it sits",
      status: {
        phaseSince: "2024-01-15T11:00:00Z",
        timeline: [event("2024-01-15T12:00:00Z"), event("2024-01-15T11:30:00Z")],
      },
      expected: "2024-01-15T12:00:00Z",
    },
  ])("$name", ({ status, expected }) => {
    expect(updatedAtMillis({ ...base, status })).toBe(ms(expected));
  });
});

describe("search text", () => {
  const diagnosed: Incident = {
    ...base,
    spec: { ...base.spec, description: "生产环境 Pod 持续重启", target: { kind: "Deployment", name: "user-service" } },
    status: {
      diagnosis: {
        engine: "rules",
        conclusion: "容器内存不足被 OOMKilled",
        rootCause: "memory leak",
        confidence: 0.9,
        keyFindings: [{ finding: "最近一次重启原因是 OOMKilled" }],
        suggestedActions: ["增加内存 limit"],
        diagnosedAt: "2024-01-15T10:03:00Z",
      },
      proposal: {
        revision: 1,
        description: "raise the memory limit",
        steps: [{ plugin: "patch", description: "patch" }],
        riskLevel: "low",
        estimatedDuration: "1m",
        rollbackPlan: "revert",
        proposedAt: "2024-01-15T10:04:00Z",
      },
    },
  };

  it.each([
    { part: "conclusion", text: "容器内存不足被 OOMKilled" },
    { part: "root cause", text: "memory leak" },
    { part: "key finding", text: "最近一次重启原因是 OOMKilled" },
    { part: "suggested action", text: "增加内存 limit" },
    { part: "proposal", text: "raise the memory limit" },
  ])("diagnosis text carries the $part", ({ text }) => {
    expect(diagnosisText(diagnosed).split("\n")).toContain(text);
  });

  it.each([
    { part: "description", text: "生产环境 Pod 持续重启" },
    { part: "alert message", text: "pod restarting" },
    { part: "target name", text: "user-service" },
  ])("details text carries the $part", ({ text }) => {
    expect(detailsText(diagnosed).split("\n")).toContain(text);
  });

  it("is empty, not 'undefined', for an undiagnosed incident", () => {
    expect(diagnosisText(base)).toBe("");
  });
});

describe("incidentRow", () => {
  it.each([
    { name: "no status", status: undefined, phase: "new", resolvedAt: null },
    {
      name: "resolved",
      status: { phase: "resolved" as const, resolvedAt: "2024-01-15T10:10:00Z" },
      phase: "resolved",
      resolvedAt: new Date("2024-01-15T10:10:00Z"),
    },
  ])("$name", ({ status, phase, resolvedAt }) => {
    const row = incidentRow({ ...base, status });
    expect(row).toMatchObject({ id: "INC-20240115-001", status: phase, resolvedAt, deletedAt: null });
  });
});
