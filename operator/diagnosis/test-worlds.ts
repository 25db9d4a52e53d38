/**
 * Evidence with several workloads, containers and namespaces, as the plugins would gather it
 * (owners as read from the cluster), for the targeting tests. Not used by the operator itself.
 */
import type { V1Container, V1ContainerStatus, V1Deployment, V1Pod } from "@kubernetes/client-node";
import type { PodOwnership } from "../../lib/kube/owners.js";
import type { Evidence, Target } from "./evidence.js";
import { deploymentFixture, evidenceFixture, fixtureOwnership, hashOf, replicaSetFixture, states, type ContainerState } from "./test-fixtures.js";
import { eventFixture, nodeFixture, serviceFixture } from "./test-objects.js";
import { pendingPodFixture, podFixture, type PodShape } from "./test-pods.js";

/** A pod of Deployment `deployment` in namespace `namespace`. */
export function podIn(namespace: string, deployment: string, shape: PodShape = {}): V1Pod {
  const pod = podFixture({ deployment, ...shape });
  return { ...pod, metadata: { ...pod.metadata, namespace } };
}

/** Deployment `name` in `namespace`, with the given memory limit. */
export function deploymentIn(namespace: string, name: string, memoryLimit = "128Mi", selector?: Record<string, string>): V1Deployment {
  const d = deploymentFixture({ name, memoryLimit });
  const spec = d.spec as NonNullable<V1Deployment["spec"]>;
  return {
    ...d,
    metadata: { ...d.metadata, namespace },
    spec: selector === undefined ? spec : { ...spec, selector: { matchLabels: selector }, template: { ...spec.template, metadata: { labels: selector } } },
  };
}

const sidecarSpec: V1Container = { name: "log-agent", image: "registry.example.com/log-agent:2.1", resources: { limits: { memory: "64Mi" }, requests: { memory: "32Mi" } } };

/** A pod with the app container running and a sidecar "log-agent" in the given state. */
export function withSidecar(pod: V1Pod, sidecar: ContainerState): V1Pod {
  const status: V1ContainerStatus = { name: "log-agent", image: sidecarSpec.image ?? "", imageID: "", ...sidecar };
  return {
    ...pod,
    spec: { ...pod.spec, containers: [...(pod.spec?.containers ?? []), sidecarSpec] },
    status: { ...pod.status, containerStatuses: [...(pod.status?.containerStatuses ?? []), status] },
  };
}

/** The Deployment's template with the sidecar too. */
export function deploymentWithSidecar(d: V1Deployment): V1Deployment {
  const spec = d.spec as NonNullable<V1Deployment["spec"]>;
  const podSpec = spec.template.spec as NonNullable<typeof spec.template.spec>;
  return { ...d, spec: { ...spec, template: { ...spec.template, spec: { ...podSpec, containers: [...podSpec.containers, sidecarSpec] } } } };
}

const nodeTarget: Target = { kind: "Node", name: "kwok-node-1" };

/** "Node NotReady/high load" on a node running api (shop), billing (finance, OOMKilled) and orders (orders, sidecar fine). */
export function nodeWithOneFailing(): Evidence {
  const pods = [podIn("shop", "api"), podIn("finance", "billing", { container: states.oomKilled() }), withSidecar(podIn("orders", "orders"), states.running())];
  return evidenceFixture(nodeTarget, {
    pods,
    nodes: [nodeFixture({ name: "kwok-node-1" })],
    deployments: [deploymentIn("finance", "billing", "256Mi")],
  });
}

/** A Service selecting a stable and a canary Deployment; the canary OOMs. */
export function canaryService(): Evidence {
  const stable = podIn("shop", "web-stable", { suffix: "s7abl" });
  const canary = podIn("shop", "web-canary", { suffix: "c4nry", container: states.oomKilled() });
  const label = (p: V1Pod): V1Pod => ({ ...p, metadata: { ...p.metadata, labels: { ...p.metadata?.labels, app: "web" } } });
  // The labels were rewritten for the Service's selector: the owners are what the cluster says, not the app label.
  const owners: PodOwnership[] = [fixtureOwnership(stable), fixtureOwnership(canary)];
  return evidenceFixture({ kind: "Service", name: "web", namespace: "shop" }, {
    service: { ...serviceFixture("web", { app: "web" }), metadata: { name: "web", namespace: "shop" } },
    pods: [label(stable), label(canary)],
    podOwners: owners,
    deployments: [deploymentIn("shop", "web-canary", "128Mi"), deploymentIn("shop", "web-stable", "512Mi")],
  });
}

/** One pod whose sidecar, not its first container, was OOMKilled. */
export function sidecarOom(): Evidence {
  const pod = withSidecar(podIn("orders", "orders"), states.oomKilled());
  return evidenceFixture({ kind: "Pod", name: pod.metadata?.name ?? "", namespace: "orders" }, {
    pods: [pod],
    deployments: [deploymentWithSidecar(deploymentIn("orders", "orders", "512Mi"))],
  });
}

/** Two Deployments in two namespaces, both OOMing: one step each. */
export function twoOoming(): Evidence {
  return evidenceFixture(nodeTarget, {
    pods: [podIn("shop", "api", { container: states.oomKilled() }), podIn("finance", "billing", { container: states.oomKilled(9) })],
    deployments: [deploymentIn("shop", "api", "128Mi"), deploymentIn("finance", "billing", "1Gi")],
  });
}

/** Failing pods of six Deployments at once. */
export function manyOoming(): Evidence {
  const names = ["a", "b", "c", "d", "e", "f"];
  return evidenceFixture(nodeTarget, {
    pods: names.map((n) => podIn("shop", n, { container: states.oomKilled() })),
    deployments: names.map((n) => deploymentIn("shop", n)),
  });
}

/** An OOMKilled pod of the given StatefulSet. */
export function statefulSetOom(): Evidence {
  return evidenceFixture({ kind: "Pod", name: "db-0", namespace: "shop" }, {
    pods: [{ ...podFixture({ statefulSet: "db", container: states.oomKilled() }), metadata: { ...podFixture({ statefulSet: "db" }).metadata, namespace: "shop" } }],
  });
}

/** A pod of CronJob backup-nightly's Job that OOMs; its owners were read as Pod -> Job -> CronJob. */
export function cronJobOom(): Evidence {
  const base = podIn("ops", "backup-nightly", { container: states.oomKilled() });
  const pod: V1Pod = {
    ...base,
    metadata: {
      ...base.metadata,
      name: "backup-nightly-29012345-x7k2p",
      labels: { "batch.kubernetes.io/job-name": "backup-nightly-29012345" },
      ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "backup-nightly-29012345", uid: "uid-job", controller: true }],
    },
  };
  const ownership: PodOwnership = {
    pod: { namespace: "ops", name: "backup-nightly-29012345-x7k2p", uid: base.metadata?.uid ?? "" },
    chain: [
      { kind: "Pod", name: "backup-nightly-29012345-x7k2p", uid: base.metadata?.uid ?? "" },
      { kind: "Job", name: "backup-nightly-29012345", uid: "uid-job" },
      { kind: "CronJob", name: "backup-nightly", uid: "uid-cron" },
    ],
    workload: { kind: "CronJob", namespace: "ops", name: "backup-nightly", uid: "uid-cron" },
  };
  return evidenceFixture({ kind: "Pod", name: "backup-nightly-29012345-x7k2p", namespace: "ops" }, { pods: [pod], podOwners: [ownership] });
}

/** An OOMKilled pod nobody could resolve the owner of (its ReplicaSet could not be read). */
export function unknownOwnerOom(): Evidence {
  const pod = podIn("shop", "api", { container: states.oomKilled() });
  const ownership: PodOwnership = { ...fixtureOwnership(pod), workload: undefined, problem: "owner ReplicaSet/api-7d9f8b6c5 could not be read" };
  return evidenceFixture({ kind: "Pod", name: pod.metadata?.name ?? "", namespace: "shop" }, { pods: [pod], podOwners: [ownership], deployments: [deploymentIn("shop", "api")] });
}

/** The owner was read as Deployment api (uid A) but the Deployment described later has another uid. */
export function replacedOwnerOom(): Evidence {
  const pod = podIn("shop", "api", { container: states.oomKilled() });
  const d = deploymentIn("shop", "api");
  return evidenceFixture({ kind: "Pod", name: pod.metadata?.name ?? "", namespace: "shop" }, { pods: [pod], deployments: [{ ...d, metadata: { ...d.metadata, uid: "uid-recreated" } }] });
}

const IMG = "registry.example.com/user-service";
const stuck = { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "user-service-${hashOf(2)}" has timed out progressing.` };

/** Revision 2 changed only the env (same image); its pod cannot be scheduled and the rollout is stuck. */
export function envOnlyStuck(): Evidence {
  const deployment = deploymentFixture({ revision: 2, conditions: [stuck] });
  const pending = pendingPodFixture("0/3 nodes are available: 3 Insufficient memory.", { revision: 2, suffix: "p3nd1" });
  return evidenceFixture({ kind: "Deployment", name: "user-service", namespace: "production" }, {
    deployment,
    replicaSets: [replicaSetFixture("user-service", 1, `${IMG}:1.4.0`), replicaSetFixture("user-service", 2, `${IMG}:1.4.0`)],
    pods: [podFixture({ revision: 1, suffix: "xld2k" }), pending],
    events: [eventFixture({ reason: "FailedScheduling", message: "0/3 nodes are available: 3 Insufficient memory.", name: pending.metadata?.name ?? "", component: "default-scheduler" })],
  });
}

/** Revision 2 changed the image, and its pods are held up by capacity. */
export function imageStuckOnCapacity(): Evidence {
  const e = envOnlyStuck();
  return { ...e, replicaSets: [replicaSetFixture("user-service", 1, `${IMG}:1.4.0`), replicaSetFixture("user-service", 2, `${IMG}:1.5.0`)] };
}

/** Revision 2 changed the image; its pods run but never become ready. */
export function imageStuckNotReady(): Evidence {
  const deployment = deploymentFixture({ revision: 2, image: `${IMG}:1.5.0`, conditions: [stuck] });
  return evidenceFixture({ kind: "Deployment", name: "user-service", namespace: "production" }, {
    deployment,
    replicaSets: [replicaSetFixture("user-service", 1, `${IMG}:1.4.0`), replicaSetFixture("user-service", 2, `${IMG}:1.5.0`)],
    pods: [podFixture({ revision: 1, suffix: "xld2k" }), podFixture({ revision: 2, suffix: "n5w9k", image: `${IMG}:1.5.0`, container: states.notReady() })],
  });
}

/** Crash loops in two Deployments: one after an image change, one not. Nothing can be proposed for both. */
export function crashInTwo(): Evidence {
  const withRollout = imageStuckNotReady();
  const other = podIn("production", "billing", { container: states.crashLoop(1) });
  const crashing = podFixture({ revision: 2, suffix: "n5w9k", image: `${IMG}:1.5.0`, container: states.crashLoop(1) });
  const pods = [crashing, other];
  return { ...withRollout, target: { kind: "Namespace", name: "production" }, pods, podOwners: pods.map(fixtureOwnership), deployment: undefined, deployments: [deploymentFixture({ revision: 2, image: `${IMG}:1.5.0` }), deploymentFixture({ name: "billing" })] };
}
