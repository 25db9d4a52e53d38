import { describe, expect, it } from "vitest";
import { IncidentSpec } from "../../crds/index.js";
import type { AlertInput } from "./alert-input.js";
import { buildIncident, targetOf } from "./build-incident.js";
import type { IncidentTarget } from "./build-incident.js";
import { fingerprint } from "./fingerprint.js";
import { parseAlert } from "./parse-alert.js";
import type { ParsedAlert } from "./parse-alert.js";

const receivedAt = new Date("2026-01-15T10:30:00.000Z");
const chineseAlert = "[告警] Pod CrashLoopBackOff\n服务: user-service\n命名空间: production";

function parsed(names: Partial<ParsedAlert>): ParsedAlert {
  return { title: "t", severity: "high", category: "kubernetes", status: "firing", labels: {}, ...names };
}

function draft(input: AlertInput, id = "INC-20260115-001"): Parameters<typeof buildIncident>[0] {
  const alert = parseAlert(input.message, { source: input.sender_id, labels: input.labels });
  return { id, input, parsed: alert, fingerprint: fingerprint(alert), receivedAt };
}

describe("targetOf", () => {
  it.each<[string, Partial<ParsedAlert>, IncidentTarget | undefined]>([
    [
      "a Deployment before its pod and service",
      { deployment: "api", pod: "api-5f7b9c8d4-abcde", service: "api", namespace: "shop", container: "app" },
      { kind: "Deployment", name: "api", namespace: "shop", container: "app", service: "api" },
    ],
    ["a Pod when no Deployment is known", { pod: "job-x1", namespace: "ops" }, { kind: "Pod", name: "job-x1", namespace: "ops" }],
    ["a Node, without a namespace", { node: "worker-3", namespace: "kube-system" }, { kind: "Node", name: "worker-3" }],
    ["a Pod before a Node", { pod: "p-1", node: "worker-3" }, { kind: "Pod", name: "p-1" }],
    [
      "a Service last",
      { service: "user-service", namespace: "production" },
      { kind: "Service", name: "user-service", namespace: "production", service: "user-service" },
    ],
    ["nothing when no object is named", { namespace: "production" }, undefined],
  ])("%s", (_what, names, expected) => {
    expect(targetOf(parsed(names))).toEqual(expected);
  });

  it.each<[string]>([["backup-nightly-29012345-x7k2p"], ["nginx-ingress-controller-abcde"], ["user-service-7d9f8b6c5-x2x9k"]])(
    "a pod alert (%s) targets the Pod in its namespace, not a Deployment guessed from its name",
    (pod) => {
      const alert = parseAlert(`KubePodCrashLooping\nnamespace: ops\npod: ${pod}`);
      expect(targetOf(alert)).toEqual({ kind: "Pod", name: pod, namespace: "ops" });
    },
  );
});

describe("buildIncident", () => {
  it("turns the reference's Chinese alert into an Incident body", () => {
    const input: AlertInput = { message: chineseAlert, sender_id: "alert_bot", chat_id: "oc_123" };
    const body = buildIncident(draft(input));
    expect(body).toEqual({
      apiVersion: "kubefix.io/v1alpha1",
      kind: "Incident",
      metadata: {
        name: "inc-20260115-001",
        labels: {
          "kubefix.io/fingerprint": fingerprint(parseAlert(chineseAlert)),
          "kubefix.io/severity": "high",
          "kubefix.io/date": "20260115",
        },
      },
      spec: {
        id: "INC-20260115-001",
        title: "Pod CrashLoopBackOff",
        severity: "high",
        category: "kubernetes",
        source: "alert_bot",
        fingerprint: fingerprint(parseAlert(chineseAlert)),
        alert: {
          message: chineseAlert,
          source: "alert_bot",
          chatId: "oc_123",
          receivedAt: "2026-01-15T10:30:00.000Z",
          alertName: "Pod CrashLoopBackOff",
          labels: { service: "user-service", namespace: "production", source: "alert_bot" },
        },
        target: { kind: "Service", name: "user-service", namespace: "production", service: "user-service" },
        occurrences: 1,
        firstSeen: "2026-01-15T10:30:00.000Z",
        lastSeen: "2026-01-15T10:30:00.000Z",
      },
    });
    expect(body.status).toBeUndefined();
  });

  it.each<[string, AlertInput, string]>([
    ["the Chinese alert", { message: chineseAlert }, "INC-20260115-001"],
    ["an alert with every field", { message: "[FIRING:1] KubePodCrashLooping (shop/api-5f7b9c8d4-abcde critical)\ndescription: restarting", sender_id: "am", chat_id: "c", timestamp: "2026-01-15T10:29:00Z", labels: { team: "x" } }, "INC-20260115-042"],
    ["an alert naming nothing", { message: "something odd" }, "INC-20260115-1000"],
  ])("builds a spec the CRD schema accepts for %s", (_what, input, id) => {
    const body = buildIncident(draft(input, id));
    expect(IncidentSpec.safeParse(body.spec).error).toBeUndefined();
    expect(body.metadata.name).toBe(id.toLowerCase());
  });

  it.each<[string, AlertInput, Record<string, string> | undefined]>([
    ["the sender's timestamp as an annotation", { message: "m", timestamp: "2026-01-15T10:29:00Z" }, { "kubefix.io/alert-timestamp": "2026-01-15T10:29:00Z" }],
    ["no annotations without one", { message: "m" }, undefined],
  ])("keeps %s", (_what, input, annotations) => {
    expect(buildIncident(draft(input)).metadata.annotations).toEqual(annotations);
  });

  it.each<[string, string, string | undefined]>([
    ["a description field", "Disk full\ndescription: /var is at 99%", "/var is at 99%"],
    ["a summary field", "Disk full\nsummary: /var almost full", "/var almost full"],
    ["no description otherwise", "Disk full", undefined],
  ])("takes the description from %s", (_what, message, description) => {
    expect(buildIncident(draft({ message })).spec.description).toBe(description);
  });

  it("refuses an id that is not one", () => {
    expect(() => buildIncident(draft({ message: "m" }, "INC-1"))).toThrow(RangeError);
  });
});
