import type { V1DaemonSet, V1Deployment, V1Pod, V1StatefulSet } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import {
  agentPod,
  CLOCK,
  daemonSet,
  DEPLOY_DONE,
  DEPLOY_UID,
  deployment,
  DS_DONE,
  dbPod,
  pod,
  replicaSet,
  RS_UID,
  STS_DONE,
  statefulSet,
  webPod,
} from "../../test/fixtures/verify-objects.js";
import { daemonSetHealth, deploymentHealth, statefulSetHealth } from "./workload-judgement.js";
import { deploymentPods } from "./judge.js";

describe("deploymentHealth", () => {
  it.each<[string, V1Deployment, V1Pod[], boolean, RegExp]>([
    ["complete and ready", deployment(DEPLOY_DONE), [webPod("a"), webPod("b")], true, /2\/2 replicas available, rollout complete/],
    ["status from an older generation", deployment({ ...DEPLOY_DONE, observedGeneration: 2 }), [], false, /not observed generation 3/],
    ["not all updated", deployment({ ...DEPLOY_DONE, updatedReplicas: 1 }), [], false, /1\/2 updated/],
    ["old replicas still running", deployment({ ...DEPLOY_DONE, replicas: 3 }), [], false, /1 old replicas still running/],
    ["one unavailable", deployment({ ...DEPLOY_DONE, availableReplicas: 1, unavailableReplicas: 1 }), [], false, /1\/2 replicas available/],
    ["no status yet", deployment(undefined), [], false, /not observed generation/],
    ["scaled to zero", deployment({ observedGeneration: 3 }, { replicas: 0 }), [], false, /scaled to 0/],
    ["a crash-looping pod left over", deployment(DEPLOY_DONE), [webPod("a"), webPod("b", { ready: false, waiting: "CrashLoopBackOff" })], false, /b: app CrashLoopBackOff/],
    ["a pod not ready", deployment(DEPLOY_DONE), [webPod("a"), webPod("b", { ready: false })], false, /b: not ready/],
    ["a pod waiting on a bad image", deployment(DEPLOY_DONE), [webPod("a", { ready: false, waiting: "ImagePullBackOff" })], false, /a: app ImagePullBackOff/],
    ["a pod that restarted 5s ago", deployment(DEPLOY_DONE), [webPod("a", { restarts: 3, restartedAgo: 5 }), webPod("b")], false, /a: a container restarted within the last 20s/],
    ["a pod that restarted long before the window", deployment(DEPLOY_DONE), [webPod("a", { restarts: 1, restartedAgo: 3600 }), webPod("b")], true, /rollout complete/],
    ["a terminating old pod is not a replica", deployment(DEPLOY_DONE), [webPod("a"), webPod("b"), webPod("old", { ready: false, deleting: true })], true, /rollout complete/],
    ["an evicted pod record is not a replica", deployment(DEPLOY_DONE), [webPod("a"), webPod("b"), webPod("ev", { phase: "Failed", reason: "Evicted", ready: false })], true, /rollout complete/],
  ])("%s", (_name, d, pods, healthy, message) => {
    const health = deploymentHealth(d, pods, CLOCK);
    expect(health.healthy).toBe(healthy);
    expect(health.message).toMatch(message);
  });

  it("a restart exactly stableSeconds ago is outside the window", () => {
    expect(deploymentHealth(deployment(DEPLOY_DONE), [webPod("a", { restarts: 1, restartedAgo: 20 })], CLOCK).healthy).toBe(true);
    expect(deploymentHealth(deployment(DEPLOY_DONE), [webPod("a", { restarts: 1, restartedAgo: 19 })], CLOCK).healthy).toBe(false);
  });
});

describe("deploymentPods: only the Deployment's own pods count", () => {
  const expressions = { matchLabels: { app: "web" }, matchExpressions: [{ key: "track", operator: "In", values: ["stable"] }] };
  const canaryRs = "rs-canary";
  const replicaSets = [replicaSet(RS_UID, DEPLOY_UID), replicaSet(canaryRs, "deploy-canary")];
  const stable = webPod("stable-1", { labels: { app: "web", track: "stable" } });
  const canary = pod("canary-1", { labels: { app: "web", track: "canary" }, owner: { kind: "ReplicaSet", name: "canary", uid: canaryRs }, ready: false, waiting: "CrashLoopBackOff" });
  const sharingLabels = pod("other-1", { labels: { app: "web", track: "stable" }, owner: { kind: "ReplicaSet", name: "other", uid: canaryRs }, ready: false });
  const bare = pod("bare-1", { labels: { app: "web", track: "stable" }, ready: false });

  it.each<[string, Parameters<typeof deployment>[1], V1Pod[], string[]]>([
    ["matchExpressions leave out the canary", { selector: expressions }, [stable, canary], ["stable-1"]],
    ["a pod of another workload sharing the labels", { selector: expressions }, [stable, sharingLabels], ["stable-1"]],
    ["a bare pod sharing the labels", { selector: expressions }, [stable, bare], ["stable-1"]],
    ["matchLabels alone would take the canary's labels, ownership still does not", {}, [stable, canary], ["stable-1"]],
  ])("%s", (_name, o, pods, names) => {
    const d = deployment(DEPLOY_DONE, o);
    expect(deploymentPods(d, replicaSets, pods).map((p) => p.metadata?.name)).toEqual(names);
  });

  it("the stable Deployment is healthy while the canary sharing app=web crash-loops", () => {
    const d = deployment({ ...DEPLOY_DONE, replicas: 1, updatedReplicas: 1, availableReplicas: 1 }, { replicas: 1, selector: expressions });
    expect(deploymentHealth(d, deploymentPods(d, replicaSets, [stable, canary, bare]), CLOCK).healthy).toBe(true);
  });
});

describe("statefulSetHealth", () => {
  const pods = [dbPod("db-0"), dbPod("db-1"), dbPod("db-2")];
  it.each<[string, V1StatefulSet, V1Pod[], boolean, RegExp]>([
    ["every replica ready on the update revision", statefulSet(STS_DONE), pods, true, /3\/3 replicas ready on revision db-7/],
    ["revisions differ: rollout in progress", statefulSet({ ...STS_DONE, currentRevision: "db-6", updatedReplicas: 1 }), pods, false, /revision db-6 -> db-7, 1\/3 updated/],
    ["no update revision reported yet", statefulSet({ ...STS_DONE, updateRevision: undefined }), pods, false, /rollout in progress/],
    ["status of an older generation", statefulSet({ ...STS_DONE, observedGeneration: 1 }), pods, false, /not observed generation 2/],
    ["a replica not ready", statefulSet({ ...STS_DONE, readyReplicas: 2 }), pods, false, /2\/3 replicas ready/],
    ["a replica not available yet", statefulSet({ ...STS_DONE, availableReplicas: 2 }), pods, false, /2\/3 replicas available/],
    ["a crash-looping pod", statefulSet(STS_DONE), [dbPod("db-0"), dbPod("db-1", { ready: false, waiting: "CrashLoopBackOff" })], false, /db-1: app CrashLoopBackOff/],
    ["a pod restarting inside the window", statefulSet(STS_DONE), [dbPod("db-0", { restarts: 2, restartedAgo: 3 })], false, /db-0: a container restarted/],
    ["scaled to zero", statefulSet({ observedGeneration: 2, replicas: 0 }, 0), [], false, /scaled to 0/],
  ])("%s", (_name, s, p, healthy, message) => {
    const health = statefulSetHealth(s, p, CLOCK);
    expect(health.healthy).toBe(healthy);
    expect(health.message).toMatch(message);
  });
});

describe("daemonSetHealth", () => {
  const pods = [agentPod("agent-a"), agentPod("agent-b")];
  it.each<[string, V1DaemonSet, V1Pod[], boolean, RegExp]>([
    ["desired == ready == updated", daemonSet(DS_DONE), pods, true, /2\/2 nodes ready and updated/],
    ["one node not updated", daemonSet({ ...DS_DONE, updatedNumberScheduled: 1 }), pods, false, /1\/2 nodes updated/],
    ["one node not ready", daemonSet({ ...DS_DONE, numberReady: 1 }), pods, false, /1\/2 nodes ready/],
    ["one unavailable", daemonSet({ ...DS_DONE, numberUnavailable: 1 }), pods, false, /1\/2 nodes unavailable/],
    ["status of an older generation", daemonSet({ ...DS_DONE, observedGeneration: 3 }), pods, false, /not observed generation 4/],
    ["scheduled nowhere", daemonSet({ ...DS_DONE, desiredNumberScheduled: 0, numberReady: 0, updatedNumberScheduled: 0 }), [], false, /no node/],
    ["a pod waiting on a config error", daemonSet(DS_DONE), [agentPod("agent-a", { ready: false, waiting: "CreateContainerConfigError" })], false, /agent-a: app CreateContainerConfigError/],
  ])("%s", (_name, ds, p, healthy, message) => {
    const health = daemonSetHealth(ds, p, CLOCK);
    expect(health.healthy).toBe(healthy);
    expect(health.message).toMatch(message);
  });
});
