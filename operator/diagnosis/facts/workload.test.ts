import { describe, expect, it } from "vitest";
import type { PodOwnership } from "../../../lib/kube/owners.js";
import { deploymentFixture, deploymentTarget, evidenceFixture, fixtureOwnership, NS } from "../test-fixtures.js";
import { eventFixture } from "../test-objects.js";
import { podFixture } from "../test-pods.js";
import { targetEvents } from "./events.js";
import { deploymentOf, podsByWorkload, workloadOf } from "./workload.js";

const web = podFixture({ deployment: "web" });
const db = podFixture({ statefulSet: "db" });
const billing = { ...podFixture({ deployment: "billing" }), metadata: { ...podFixture({ deployment: "billing" }).metadata, namespace: "finance" } };
const unresolved: PodOwnership = { ...fixtureOwnership(podFixture({ deployment: "gone" })), workload: undefined, problem: "owner ReplicaSet/gone-7d9f8b6c5 could not be read" };

describe("workloadOf", () => {
  const e = evidenceFixture(deploymentTarget(), { pods: [web, db, billing] });
  it.each<[string, ReturnType<typeof podFixture>, string | undefined]>([
    ["a ReplicaSet pod -> its Deployment", web, `Deployment ${NS}/web`],
    ["a StatefulSet pod -> its StatefulSet", db, `StatefulSet ${NS}/db`],
    ["a pod of another namespace -> its owner there", billing, "Deployment finance/billing"],
    ["a pod nobody resolved -> unknown, never a guess from its name", podFixture({ deployment: "api" }), undefined],
    ["a pod recreated under the same name (other uid) -> unknown", { ...web, metadata: { ...web.metadata, uid: "uid-new" } }, undefined],
  ])("%s", (_name, pod, expected) => {
    const w = workloadOf(e, pod);
    expect(w === undefined ? undefined : `${w.kind} ${w.namespace}/${w.name}`).toBe(expected);
  });
});

describe("podsByWorkload", () => {
  it("groups by owner and keeps pods whose owner is unknown apart, with the reason", () => {
    const gone = podFixture({ deployment: "gone" });
    const e = evidenceFixture(deploymentTarget(), { pods: [web, db, gone], podOwners: [fixtureOwnership(web), fixtureOwnership(db), unresolved] });
    const { groups, unowned } = podsByWorkload(e, [web, db, gone, podFixture({ deployment: "web", suffix: "q8w7z" })]);
    expect(groups.map((g) => [g.workload.name, g.pods.length])).toEqual([["web", 1], ["db", 1]]);
    expect(unowned.map((u) => u.problem)).toEqual([unresolved.problem, expect.stringMatching(/was not read/)]);
  });
});

describe("deploymentOf", () => {
  it("finds the described Deployment of the same uid only", () => {
    const d = deploymentFixture({ name: "web" });
    const e = evidenceFixture(deploymentTarget(), { deployments: [d] });
    expect(deploymentOf(e, { kind: "Deployment", namespace: NS, name: "web", uid: "uid-deploy-web" })).toBe(d);
    expect(deploymentOf(e, { kind: "Deployment", namespace: NS, name: "web", uid: "uid-other" })).toBeUndefined();
    expect(deploymentOf(e, { kind: "Deployment", namespace: "other", name: "web", uid: "uid-deploy-web" })).toBeUndefined();
  });
});

describe("targetEvents", () => {
  const pod = podFixture();
  const e = evidenceFixture(deploymentTarget(), {
    pods: [pod],
    events: [
      eventFixture({ reason: "BackOff", message: "m", name: pod.metadata?.name ?? "" }),
      eventFixture({ reason: "FailedCreate", message: "m", kind: "ReplicaSet", name: "user-service-6b8d7f9c4" }),
      eventFixture({ reason: "BackOff", message: "m", name: "user-service-worker-6b8d7f9c4-x2x9k" }),
      eventFixture({ reason: "BackOff", message: "m", name: "billing-6b8d7f9c4-x2x9k" }),
    ],
  });
  it("keeps the target's pods and its Deployment's generated names, not namesakes", () => {
    expect(targetEvents(e).map((ev) => ev.involvedObject.name)).toEqual([pod.metadata?.name, "user-service-6b8d7f9c4"]);
  });
  it("keeps every event of a Namespace target", () => {
    expect(targetEvents({ ...e, target: { kind: "Namespace", name: "production" } })).toHaveLength(4);
  });
});
