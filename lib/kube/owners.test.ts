import type { V1OwnerReference } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { controllerRef, memoizedReader, podOwnership, podOwnerships, type Owned, type ReadOwner, type WorkloadRef } from "./owners.js";

const NS = "shop";

function ref(kind: string, name: string, uid = `uid-${kind}-${name}`, controller = true): V1OwnerReference {
  return { apiVersion: kind === "Job" || kind === "CronJob" ? "batch/v1" : "apps/v1", kind, name, uid, controller };
}

function obj(name: string, uid: string, ...owners: V1OwnerReference[]): Owned {
  return { metadata: { name, namespace: NS, uid, ownerReferences: owners } };
}

/** A fake cluster: objects by "namespace/Kind/name"; counts reads. */
function cluster(objects: Record<string, Owned>): { read: ReadOwner; reads: string[] } {
  const reads: string[] = [];
  const read: ReadOwner = (namespace, r) => {
    reads.push(`${namespace}/${r.kind}/${r.name}`);
    return Promise.resolve(objects[`${namespace}/${r.kind}/${r.name}`]);
  };
  return { read, reads };
}

const rs = obj("web-5f7c9d4b8", "uid-ReplicaSet-web-5f7c9d4b8", ref("Deployment", "web"));
const deploy = obj("web", "uid-Deployment-web");
const job = obj("backup-nightly-29012345", "uid-Job-backup-nightly-29012345", ref("CronJob", "backup-nightly"));
const cron = obj("backup-nightly", "uid-CronJob-backup-nightly");
const WORLD: Record<string, Owned> = {
  [`${NS}/ReplicaSet/web-5f7c9d4b8`]: rs,
  [`${NS}/Deployment/web`]: deploy,
  [`${NS}/StatefulSet/db`]: obj("db", "uid-StatefulSet-db"),
  [`${NS}/DaemonSet/log-agent`]: obj("log-agent", "uid-DaemonSet-log-agent"),
  [`${NS}/Job/backup-nightly-29012345`]: job,
  [`${NS}/CronJob/backup-nightly`]: cron,
  [`${NS}/Job/migrate`]: obj("migrate", "uid-Job-migrate"),
  // A namesake: a Deployment "old" deleted and created again after its ReplicaSet was orphaned.
  [`${NS}/ReplicaSet/old-7d9f8b6c5`]: obj("old-7d9f8b6c5", "uid-ReplicaSet-old-7d9f8b6c5", ref("Deployment", "old", "uid-old-gone")),
  [`${NS}/Deployment/old`]: obj("old", "uid-old-new"),
};

const w = (kind: string, name: string): WorkloadRef => ({ kind, namespace: NS, name, uid: `uid-${kind}-${name}` });

describe("podOwnership", () => {
  it.each<[string, Owned, WorkloadRef | undefined, string[], RegExp | undefined]>([
    ["Pod -> ReplicaSet -> Deployment", obj("web-5f7c9d4b8-x2x9k", "p1", ref("ReplicaSet", "web-5f7c9d4b8")), w("Deployment", "web"), ["Pod", "ReplicaSet", "Deployment"], undefined],
    ["Pod -> StatefulSet", obj("db-0", "p2", ref("StatefulSet", "db")), w("StatefulSet", "db"), ["Pod", "StatefulSet"], undefined],
    ["Pod -> DaemonSet", obj("log-agent-abcde", "p3", ref("DaemonSet", "log-agent")), w("DaemonSet", "log-agent"), ["Pod", "DaemonSet"], undefined],
    ["Pod -> Job -> CronJob", obj("backup-nightly-29012345-x7k2p", "p4", ref("Job", "backup-nightly-29012345")), w("CronJob", "backup-nightly"), ["Pod", "Job", "CronJob"], undefined],
    ["Pod -> Job without CronJob", obj("migrate-x7k2p", "p5", ref("Job", "migrate")), w("Job", "migrate"), ["Pod", "Job"], undefined],
    ["a bare Pod owns itself", obj("debug", "p6"), { kind: "Pod", namespace: NS, name: "debug", uid: "p6" }, ["Pod"], undefined],
    ["a non-controller reference makes no owner", obj("adopted", "p7", ref("Deployment", "web", "uid-Deployment-web", false)), { kind: "Pod", namespace: NS, name: "adopted", uid: "p7" }, ["Pod"], undefined],
    ["an owner that is gone leaves the owner unknown", obj("gone-abc-1", "p8", ref("ReplicaSet", "gone-abc")), undefined, ["Pod"], /could not be read/],
    ["a namesake owner (other uid) is not the owner", obj("web-5f7c9d4b8-q8w7z", "p9", ref("ReplicaSet", "web-5f7c9d4b8", "uid-rs-before")), undefined, ["Pod"], /not the owner/],
    ["a namesake two links up is not the owner", obj("old-7d9f8b6c5-x2x9k", "p10", ref("ReplicaSet", "old-7d9f8b6c5")), undefined, ["Pod", "ReplicaSet"], /not the owner/],
    ["a kind kubefix does not follow", obj("rollout-abc-1", "p11", { ...ref("Rollout", "canary"), apiVersion: "argoproj.io/v1alpha1" }), undefined, ["Pod"], /does not follow/],
  ])("%s", async (_name, pod, workload, kinds, problem) => {
    const result = await podOwnership(pod, cluster(WORLD).read);
    expect(result.workload).toEqual(workload);
    expect(result.chain.map((l) => l.kind)).toEqual(kinds);
    if (problem === undefined) expect(result.problem).toBeUndefined();
    else expect(result.problem).toMatch(problem);
  });

  it("stops on a cycle of references", async () => {
    const a = obj("a", "uid-ReplicaSet-a", ref("ReplicaSet", "b"));
    const b = obj("b", "uid-ReplicaSet-b", ref("ReplicaSet", "a"));
    const result = await podOwnership(obj("p", "p", ref("ReplicaSet", "a")), cluster({ [`${NS}/ReplicaSet/a`]: a, [`${NS}/ReplicaSet/b`]: b }).read);
    expect(result.workload).toBeUndefined();
    expect(result.problem).toMatch(/too long/);
  });
});

describe("podOwnerships", () => {
  it("reads an owner shared by several pods once", async () => {
    const fake = cluster(WORLD);
    const pods = ["a", "b", "c"].map((s) => obj(`web-5f7c9d4b8-${s}`, s, ref("ReplicaSet", "web-5f7c9d4b8")));
    const result = await podOwnerships(pods, fake.read);
    expect(result.map((o) => o.workload?.name)).toEqual(["web", "web", "web"]);
    expect(fake.reads).toEqual([`${NS}/ReplicaSet/web-5f7c9d4b8`, `${NS}/Deployment/web`]);
  });

  it("keeps namespaces apart: the same names in two namespaces are two owners", async () => {
    const fake = cluster(WORLD);
    const once = memoizedReader(fake.read);
    await once(NS, ref("Deployment", "web"));
    await once("other", ref("Deployment", "web"));
    expect(fake.reads).toEqual([`${NS}/Deployment/web`, "other/Deployment/web"]);
  });
});

describe("controllerRef", () => {
  it.each<[string, V1OwnerReference[], string | undefined]>([
    ["the controller among several", [ref("ConfigMap", "x", "u", false), ref("ReplicaSet", "web")], "web"],
    ["none marked controller", [ref("ReplicaSet", "web", "u", false)], undefined],
    ["no references", [], undefined],
  ])("%s", (_name, refs, expected) => {
    expect(controllerRef({ metadata: { ownerReferences: refs } })?.name).toBe(expected);
  });
});
