import type { V1PodTemplateSpec, V1ReplicaSet } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import {
  chooseRevision,
  historyOf,
  imagesOf,
  revisionOf,
  rollbackAnnotations,
  rollbackPatch,
  rollbackTemplate,
  sameTemplate,
  type Revision,
} from "./rollback-history.js";

const DEPLOYMENT_UID = "uid-web";

function template(image: string, hash?: string): V1PodTemplateSpec {
  const labels: Record<string, string> = { app: "web" };
  if (hash) labels["pod-template-hash"] = hash;
  return { metadata: { labels }, spec: { containers: [{ name: "app", image }] } };
}

function replicaSet(name: string, revision: string | undefined, ownerUid = DEPLOYMENT_UID, controller = true): V1ReplicaSet {
  return {
    metadata: {
      name,
      annotations: revision === undefined ? {} : { "deployment.kubernetes.io/revision": revision },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: ownerUid, controller }],
    },
    spec: { selector: {}, template: template(`app:${name}`, name) },
  };
}

const revision = (n: number): Revision => ({ revision: n, replicaSet: replicaSet(`rs${n}`, String(n)) });

describe("revisionOf", () => {
  it.each([
    [{ annotations: { "deployment.kubernetes.io/revision": "3" } }, 3],
    [{ annotations: { "deployment.kubernetes.io/revision": "x" } }, undefined],
    [{ annotations: {} }, undefined],
    [undefined, undefined],
  ])("%j -> %s", (meta, expected) => {
    expect(revisionOf(meta)).toBe(expected);
  });
});

describe("historyOf", () => {
  it.each([
    ["sorts owned ReplicaSets by revision", [replicaSet("b", "2"), replicaSet("a", "1"), replicaSet("c", "10")], ["a", "b", "c"]],
    ["skips ReplicaSets of another Deployment", [replicaSet("a", "1"), replicaSet("x", "2", "uid-other")], ["a"]],
    ["skips owners that are not the controller", [replicaSet("a", "1"), replicaSet("x", "2", DEPLOYMENT_UID, false)], ["a"]],
    ["skips ReplicaSets without a revision", [replicaSet("a", "1"), replicaSet("x", undefined)], ["a"]],
  ])("%s", (_what, sets, expected) => {
    expect(historyOf(sets, DEPLOYMENT_UID).map((r) => r.replicaSet.metadata?.name)).toEqual(expected);
  });
});

describe("chooseRevision", () => {
  it.each<{ what: string; history: Revision[]; to?: number; chosen?: number; error?: string }>([
    { what: "the previous revision by default", history: [revision(1), revision(2), revision(3)], chosen: 2 },
    { what: "the previous one across gaps", history: [revision(2), revision(7)], chosen: 2 },
    { what: "the revision asked for", history: [revision(1), revision(2), revision(3)], to: 1, chosen: 1 },
    { what: "nothing with a single revision", history: [revision(1)], error: "no previous revision to roll back to" },
    { what: "nothing from an empty history", history: [], error: "no previous revision to roll back to" },
    {
      what: "nothing for an unknown revision",
      history: [revision(1), revision(2)],
      to: 5,
      error: "revision 5 is not in the history (revisions: 1, 2)",
    },
    { what: "nothing for a revision of an empty history", history: [], to: 1, error: "revision 1 is not in the history (revisions: none)" },
  ])("chooses $what", ({ history, to, chosen, error }) => {
    const choice = chooseRevision(history, to);
    expect(choice.chosen?.revision).toBe(chosen);
    expect(choice.error).toBe(error);
  });
});

describe("rollbackTemplate", () => {
  it.each([
    ["drops the hash label", template("app:1", "abc"), template("app:1")],
    ["keeps a template without it", template("app:1"), template("app:1")],
    ["tolerates a missing template", undefined, {}],
  ])("%s", (_what, input, expected) => {
    expect(rollbackTemplate(input)).toEqual(expected);
  });

  it("leaves the ReplicaSet's template untouched", () => {
    const original = template("app:1", "abc");
    rollbackTemplate(original);
    expect(original.metadata?.labels?.["pod-template-hash"]).toBe("abc");
  });
});

describe("rollbackAnnotations", () => {
  it.each([
    [
      "takes rollout annotations from the ReplicaSet, bookkeeping from the Deployment",
      { "deployment.kubernetes.io/revision": "3", team: "shop", "change-cause": "v3" },
      { "deployment.kubernetes.io/revision": "1", "deployment.kubernetes.io/desired-replicas": "2", "change-cause": "v1" },
      { "deployment.kubernetes.io/revision": "3", "change-cause": "v1" },
    ],
    ["copes with no annotations at all", undefined, undefined, {}],
  ])("%s", (_what, deployment, rs, expected) => {
    expect(rollbackAnnotations(deployment, rs)).toEqual(expected);
  });
});

describe("sameTemplate", () => {
  it.each([
    ["equal up to the hash label", template("app:1", "abc"), template("app:1"), true],
    ["equal with keys in another order", { spec: { containers: [{ image: "a", name: "app" }] } }, { spec: { containers: [{ name: "app", image: "a" }] } }, true],
    ["different images", template("app:1"), template("app:2"), false],
  ])("%s -> %s", (_what, a, b, expected) => {
    expect(sameTemplate(a, b)).toBe(expected);
  });
});

describe("rollbackPatch and imagesOf", () => {
  it("replaces the template and sets the annotations", () => {
    expect(rollbackPatch(template("app:1"), { a: "b" })).toEqual([
      { op: "replace", path: "/spec/template", value: template("app:1") },
      { op: "add", path: "/metadata/annotations", value: { a: "b" } },
    ]);
  });

  it.each([
    [template("app:1"), "app=app:1"],
    [{ spec: { containers: [{ name: "a", image: "x" }, { name: "b", image: "y" }] } }, "a=x, b=y"],
    [undefined, ""],
  ])("%j -> %s", (tpl, expected) => {
    expect(imagesOf(tpl)).toBe(expected);
  });
});
