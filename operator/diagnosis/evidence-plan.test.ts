import { describe, expect, it } from "vitest";
import type { Evidence } from "./evidence.js";
import { callKey, planCalls, type ToolCall } from "./evidence-plan.js";
import { deploymentFixture, deploymentTarget, evidenceFixture, NS, states } from "./test-fixtures.js";
import { eventFixture, serviceFixture } from "./test-objects.js";
import { pendingPodFixture, podFixture } from "./test-pods.js";

const call = (tool: string, args: Record<string, unknown>): ToolCall => ({ tool, args });
const doneOf = (...calls: ToolCall[]): Set<string> => new Set(calls.map(callKey));

const DEPLOY = { namespace: NS, deployment_name: "user-service" };
const describeDeployment = call("describe_deployment", DEPLOY);
const namespaceEvents = call("get_events", { namespace: NS });
const deploymentRefs = call("get_configmap_secret_refs", DEPLOY);
const quotas = call("get_resource_quotas", { namespace: NS });
const listBySelector = call("list_pods", { namespace: NS, label_selector: "app=user-service" });
const roundOne = [describeDeployment, namespaceEvents, deploymentRefs, quotas];

const crashing = podFixture({ suffix: "cr4sh", container: states.crashLoop(1) });
const pending = pendingPodFixture("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.", { suffix: "p5nd8", claim: "db-data" });
const withPods = (pods: Evidence["pods"], extra: Partial<Evidence> = {}): Evidence =>
  evidenceFixture(deploymentTarget(), { deployment: deploymentFixture(), pods, ...extra });
const describePod = (name: string): ToolCall => call("describe_pod", { namespace: NS, pod_name: name });
const podDetails = [
  describePod("user-service-7d9f8b6c5-cr4sh"),
  describePod("user-service-7d9f8b6c5-p5nd8"),
  call("check_pod_scheduling", { namespace: NS, pod_name: "user-service-7d9f8b6c5-p5nd8" }),
  call("describe_node", { node_name: "kwok-node-1" }),
  call("describe_pvc", { namespace: NS, pvc_name: "db-data" }),
];
const manyCrashing = ["b", "c", "d", "f", "g"].map((s) => podFixture({ suffix: `${s}2222`, container: states.crashLoop(1) }));

describe("planCalls for a Deployment", () => {
  it.each<[string, Evidence, Set<string>, ToolCall[]]>([
    ["starts with the Deployment and its surroundings", evidenceFixture(deploymentTarget()), new Set(), roundOne],
    ["lists the pods by the Deployment's selector", withPods([]), doneOf(...roundOne), [listBySelector]],
    ["lists the namespace when describe_deployment failed", evidenceFixture(deploymentTarget()), doneOf(...roundOne), [call("list_pods", { namespace: NS })]],
    ["looks closer at failing pods, their node, scheduling and claims", withPods([podFixture(), crashing, pending]), doneOf(...roundOne, listBySelector), podDetails],
    [
      "describes at most three pods",
      withPods(manyCrashing),
      doneOf(...roundOne, listBySelector, call("describe_node", { node_name: "kwok-node-1" })),
      ["b", "c", "d"].map((s) => describePod(`user-service-7d9f8b6c5-${s}2222`)),
    ],
    [
      "searches the knowledge base last, with the failure words",
      withPods([crashing], { events: [eventFixture({ reason: "BackOff", message: "Back-off restarting failed container", name: "user-service-7d9f8b6c5-cr4sh" })] }),
      doneOf(...roundOne, listBySelector, describePod("user-service-7d9f8b6c5-cr4sh"), call("describe_node", { node_name: "kwok-node-1" })),
      [call("search_knowledge", { query: "CrashLoopBackOff Error BackOff" })],
    ],
    ["stops when healthy and done", withPods([podFixture()]), doneOf(...roundOne, listBySelector), []],
    [
      "searches only once",
      withPods([crashing]),
      doneOf(...roundOne, listBySelector, describePod("user-service-7d9f8b6c5-cr4sh"), call("describe_node", { node_name: "kwok-node-1" }), call("search_knowledge", { query: "x" })),
      [],
    ],
  ])("%s", (_name, evidence, done, expected) => {
    expect(planCalls(evidence, done)).toEqual(expected);
  });
});

describe("planCalls for other targets", () => {
  const podTarget = { kind: "Pod" as const, name: "user-service-7d9f8b6c5-cr4sh", namespace: NS };
  const describeTarget = describePod(podTarget.name);
  const podRound = [
    describeTarget,
    call("get_events", { namespace: NS, name: podTarget.name, kind: "Pod" }),
    call("get_configmap_secret_refs", { namespace: NS, pod_name: podTarget.name }),
    quotas,
  ];
  const serviceTarget = { kind: "Service" as const, name: "checkout", namespace: NS };
  const endpoints = call("get_service_endpoints", { namespace: NS, service_name: "checkout" });
  const nodeTarget = { kind: "Node" as const, name: "kwok-node-3" };

  it.each<[string, Evidence, Set<string>, ToolCall[]]>([
    ["a Pod starts with the pod itself", evidenceFixture(podTarget), new Set(), podRound],
    [
      "a Pod's Deployment follows from its owner read in the cluster",
      evidenceFixture(podTarget, { pods: [crashing] }),
      doneOf(...podRound),
      [describeDeployment, call("describe_node", { node_name: "kwok-node-1" })],
    ],
    [
      "a Pod's Deployment is described for its ReplicaSets even when describe_pod brought it",
      evidenceFixture(podTarget, { pods: [crashing], deployment: deploymentFixture() }),
      doneOf(...podRound),
      [describeDeployment, call("describe_node", { node_name: "kwok-node-1" })],
    ],
    ["a Node is described, with its events from default", evidenceFixture(nodeTarget), new Set(), [
      call("describe_node", { node_name: "kwok-node-3" }),
      call("get_events", { namespace: "default", name: "kwok-node-3", kind: "Node" }),
    ]],
    ["a Service starts with its endpoints", evidenceFixture(serviceTarget), new Set(), [endpoints, namespaceEvents, quotas]],
    [
      "a Service's pods are listed by its selector",
      evidenceFixture(serviceTarget, { service: serviceFixture("checkout", { app: "checkout" }) }),
      doneOf(endpoints, namespaceEvents, quotas),
      [call("list_pods", { namespace: NS, label_selector: "app=checkout" })],
    ],
  ])("%s", (_name, evidence, done, expected) => {
    expect(planCalls(evidence, done)).toEqual(expected);
  });
});
