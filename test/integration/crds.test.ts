/**
 * The generated CRDs on a real apiserver: installed and Established, shown by
 * kubectl with their printer columns, validated, status kept apart from spec,
 * and guarded by RBAC.
 */
import { ApiextensionsV1Api } from "@kubernetes/client-node";
import { beforeAll, describe, expect, it } from "vitest";
import { apiErrorMessage, apiStatusCode } from "../../lib/kube/client.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import {
  INCIDENTS,
  KNOWLEDGE_ENTRIES,
  PLUGINS,
  type Incident,
  type IncidentInput,
  type Plugin,
  type PluginInput,
} from "../../lib/resources.js";
import { API_VERSION } from "../../crds/index.js";
import { incidentFixture, pluginFixture } from "../fixtures/resources.js";
import { adminKube, controlPlane, createNamespace, kubectl, userKube } from "./helpers.js";

let ns = "";
let incidents: KindClient<Incident, IncidentInput>;
let plugins: KindClient<Plugin, PluginInput>;

beforeAll(async () => {
  ns = await createNamespace("crd");
  incidents = new KindClient(adminKube(), INCIDENTS, ns);
  plugins = new KindClient(adminKube(), PLUGINS, ns);
});

/** Resolves with the API error a rejected call ended in. */
async function rejection(call: Promise<unknown>): Promise<{ code: number | undefined; message: string }> {
  try {
    await call;
  } catch (err) {
    return { code: apiStatusCode(err), message: apiErrorMessage(err) };
  }
  throw new Error("the call was expected to fail");
}

describe("installation", () => {
  it.each(["incidents.kubefix.io", "plugins.kubefix.io", "knowledgeentries.kubefix.io"])(
    "%s is Established and NamesAccepted",
    async (name) => {
      const crd = await adminKube().makeApiClient(ApiextensionsV1Api).readCustomResourceDefinition({ name });
      const status = (type: string): string | undefined => crd.status?.conditions?.find((c) => c.type === type)?.status;
      expect(status("Established")).toBe("True");
      expect(status("NamesAccepted")).toBe("True");
    },
  );
});

describe("kubectl", () => {
  beforeAll(async () => {
    await incidents.create(incidentFixture(1));
    await incidents.patchStatus("inc-20260115-001", { status: { phase: "diagnosing" } });
    await plugins.create(pluginFixture("list-pods"));
  });

  it("`kubectl get incidents` prints ID, Phase, Severity, Category, Target and Age", async () => {
    const out = await kubectl(["get", "incidents", "-n", ns]);
    const [header, row] = out.trim().split("\n");
    expect(header!.split(/\s{2,}/)).toEqual(["NAME", "ID", "PHASE", "SEVERITY", "CATEGORY", "TARGET", "AGE"]);
    expect(row!.split(/\s+/).slice(0, 6)).toEqual([
      "inc-20260115-001",
      "INC-20260115-001",
      "diagnosing",
      "high",
      "kubernetes",
      "user-service",
    ]);
  });

  it("`kubectl get plugins` prints Category, Risk, Enabled, Uses and Success rate", async () => {
    const out = await kubectl(["get", "plugins.kubefix.io", "-n", ns]);
    expect(out.split("\n")[0]!.split(/\s{2,}/)).toEqual(["NAME", "CATEGORY", "RISK", "ENABLED", "USES", "SUCCESS RATE"]);
    expect(out).toMatch(/list-pods\s+diagnostic\s+low\s+true/);
  });

  it("short names work: `kubectl get inc`", async () => {
    const out = await kubectl(["get", "inc", "-n", ns, "-o", "name"]);
    expect(out.trim()).toBe("incident.kubefix.io/inc-20260115-001");
  });

  it("`kubectl get kubefix` lists all three kinds", async () => {
    await new KindClient(adminKube(), KNOWLEDGE_ENTRIES, ns).create({
      apiVersion: API_VERSION,
      kind: "KnowledgeEntry",
      metadata: { name: "oom-runbook" },
      spec: { title: "Pod OOMKilled 处理方案", content: "当 Pod 因 OOMKilled 重启时...", category: "kubernetes" },
    });
    const out = await kubectl(["get", "kubefix", "-n", ns, "-o", "name"]);
    expect(out.trim().split("\n").sort()).toEqual([
      "incident.kubefix.io/inc-20260115-001",
      "knowledgeentry.kubefix.io/oom-runbook",
      "plugin.kubefix.io/list-pods",
    ]);
  });
});

describe("validation by the apiserver", () => {
  it("applies schema defaults", async () => {
    const created = await incidents.create(incidentFixture(2));
    expect(created.spec.category).toBe("kubernetes");
    expect(created.spec.occurrences).toBe(1);
  });

  it.each<[string, (i: IncidentInput) => void, RegExp]>([
    ["an invalid severity", (i) => void Object.assign(i.spec, { severity: "urgent" }), /spec\.severity: Unsupported value: "urgent"/],
    ["a missing fingerprint", (i) => void delete (i.spec as Partial<IncidentInput["spec"]>).fingerprint, /spec\.fingerprint: Required value/],
    ["a missing alert", (i) => void delete (i.spec as Partial<IncidentInput["spec"]>).alert, /spec\.alert: Required value/],
    ["a malformed id", (i) => void Object.assign(i.spec, { id: "INC-1" }), /spec\.id: Invalid value/],
    ["zero occurrences", (i) => void Object.assign(i.spec, { occurrences: 0 }), /spec\.occurrences: Invalid value/],
  ])("rejects %s with 422 naming the field", async (_what, mutate, message) => {
    const body = incidentFixture(3);
    mutate(body);
    const err = await rejection(incidents.create(body));
    expect(err.code).toBe(422);
    expect(err.message).toMatch(message);
  });

  it("refuses to change an incident's id (CEL rule)", async () => {
    await incidents.create(incidentFixture(4));
    const err = await rejection(incidents.patch("inc-20260115-004", { spec: { id: "INC-20260115-999" } }));
    expect(err.code).toBe(422);
    expect(err.message).toContain("id is immutable");
  });

  it("refuses a webhook plugin without a webhook (CEL rule)", async () => {
    const body = pluginFixture("hook");
    body.spec.implementation = { type: "webhook" };
    const err = await rejection(plugins.create(body));
    expect(err.code).toBe(422);
    expect(err.message).toContain("a webhook plugin needs webhook.url");
  });

  it("keeps free-form plugin parameters (no pruning)", async () => {
    const body = pluginFixture("deep-params");
    body.spec.parameters = { type: "object", properties: { x: { type: "string", enum: ["a"], "x-extra": { y: 1 } } } };
    const created = await plugins.create(body);
    expect(created.spec.parameters).toEqual(body.spec.parameters);
  });
});

describe("spec and status are separate", () => {
  const name = "inc-20260115-005";
  beforeAll(async () => {
    await incidents.create(incidentFixture(5));
    await incidents.patchStatus(name, { status: { phase: "diagnosing", observedGeneration: 1 } });
  });

  it("writing spec (even with a status in the body) does not change status", async () => {
    const before = await incidents.get(name);
    const after = await incidents.patch(name, { spec: { title: "new title" }, status: { phase: "resolved" } });
    expect(after.spec.title).toBe("new title");
    expect(after.status).toEqual(before.status);
    expect(after.metadata.generation).toBe((before.metadata.generation ?? 0) + 1);
  });

  it("writing status through the subresource does not change spec or generation", async () => {
    const before = await incidents.get(name);
    const after = await incidents.patchStatus(name, { spec: { title: "ignored" }, status: { phase: "proposing" } });
    expect(after.status?.phase).toBe("proposing");
    expect(after.spec).toEqual(before.spec);
    expect(after.metadata.generation).toBe(before.metadata.generation);
  });
});

describe("RBAC", () => {
  it.each<[string, () => Promise<unknown>]>([
    ["list incidents", () => new KindClient(userKube(), INCIDENTS, ns).list()],
    ["create an incident", () => new KindClient(userKube(), INCIDENTS, ns).create(incidentFixture(6))],
    ["patch an incident's status", () => new KindClient(userKube(), INCIDENTS, ns).patchStatus("inc-20260115-001", { status: { phase: "resolved" } })],
    ["list plugins", () => new KindClient(userKube(), PLUGINS, ns).list()],
    ["list knowledge entries", () => new KindClient(userKube(), KNOWLEDGE_ENTRIES, ns).list()],
  ])("refuses a user without rights to %s with 403", async (_what, call) => {
    const err = await rejection(call());
    expect(err.code).toBe(403);
    expect(err.message).toContain("kubefix-test-user");
  });

  it("kubectl as that user is Forbidden too", async () => {
    await expect(kubectl(["get", "incidents", "-n", ns], controlPlane.userKubeconfig)).rejects.toThrow(/Forbidden/);
  });

  it("the admin is allowed, so the refusals come from RBAC, not from a broken request", async () => {
    const list = await incidents.list();
    expect(list.items.length).toBeGreaterThan(0);
  });
});
