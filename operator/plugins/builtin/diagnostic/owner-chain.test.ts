import type { V1OwnerReference } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { controllerOf, walkOwnerChain, type Owned, type OwnerLink } from "./owner-chain.js";

function ref(kind: string, name: string, controller = true): V1OwnerReference {
  return { apiVersion: "apps/v1", kind, name, uid: `${kind}-${name}`, controller };
}

function obj(name: string, ...owners: V1OwnerReference[]): Owned {
  return { metadata: { name, ownerReferences: owners } };
}

/** A fake cluster: objects by "Kind/name". */
function reader(objects: Record<string, Owned>) {
  const reads: string[] = [];
  const read = (r: V1OwnerReference): Promise<Owned | undefined> => {
    reads.push(`${r.kind}/${r.name}`);
    return Promise.resolve(objects[`${r.kind}/${r.name}`]);
  };
  return { read, reads };
}

describe("walkOwnerChain", () => {
  it.each<[string, Owned, Record<string, Owned>, OwnerLink[]]>([
    ["a bare pod", obj("solo"), {}, [{ kind: "Pod", name: "solo" }]],
    [
      "pod → replicaset → deployment",
      obj("web-abc-1", ref("ReplicaSet", "web-abc")),
      { "ReplicaSet/web-abc": obj("web-abc", ref("Deployment", "web")), "Deployment/web": obj("web") },
      [
        { kind: "Pod", name: "web-abc-1" },
        { kind: "ReplicaSet", name: "web-abc" },
        { kind: "Deployment", name: "web" },
      ],
    ],
    [
      "an owner that is gone ends the chain but is listed",
      obj("web-abc-1", ref("ReplicaSet", "web-abc")),
      {},
      [
        { kind: "Pod", name: "web-abc-1" },
        { kind: "ReplicaSet", name: "web-abc" },
      ],
    ],
    [
      "pod → job → cronjob",
      obj("backup-1-x", ref("Job", "backup-1")),
      { "Job/backup-1": obj("backup-1", ref("CronJob", "backup")), "CronJob/backup": obj("backup") },
      [
        { kind: "Pod", name: "backup-1-x" },
        { kind: "Job", name: "backup-1" },
        { kind: "CronJob", name: "backup" },
      ],
    ],
  ])("%s", async (_name, start, objects, chain) => {
    const result = await walkOwnerChain("Pod", start, reader(objects).read);
    expect(result.chain).toEqual(chain);
    expect([...result.owners.keys()]).toEqual(chain.slice(1).filter((l) => objects[`${l.kind}/${l.name}`]).map((l) => l.kind));
  });

  it("stops on a reference cycle", async () => {
    const fake = reader({ "ReplicaSet/a": obj("a", ref("ReplicaSet", "b")), "ReplicaSet/b": obj("b", ref("ReplicaSet", "a")) });
    const { chain } = await walkOwnerChain("ReplicaSet", obj("a", ref("ReplicaSet", "b")), fake.read);
    expect(chain.map((l) => l.name)).toEqual(["a", "b"]);
    expect(fake.reads).toEqual(["ReplicaSet/b"]);
  });
});

describe("controllerOf", () => {
  it.each<[string, Owned, string | undefined]>([
    ["no owners", obj("x"), undefined],
    ["the controller among several", obj("x", ref("ConfigMap", "c", false), ref("ReplicaSet", "r")), "r"],
    ["the first when none controls", obj("x", ref("ConfigMap", "c", false), ref("Secret", "s", false)), "c"],
  ])("%s", (_name, o, name) => {
    expect(controllerOf(o)?.name).toBe(name);
  });
});
