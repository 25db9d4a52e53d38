import { describe, expect, it } from "vitest";
import { parseSchedulingMessage, type BlockerItem } from "./scheduling.js";

describe("parseSchedulingMessage", () => {
  it.each<[string, BlockerItem[]]>([
    [
      "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
      [{ blocker: "resources", nodes: 3, text: "Insufficient memory" }],
    ],
    [
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
      [
        { blocker: "resources", nodes: 1, text: "Insufficient cpu" },
        { blocker: "taints", nodes: 2, text: "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }" },
      ],
    ],
    [
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
      [{ blocker: "selector", nodes: 3, text: "node(s) didn't match Pod's node affinity/selector" }],
    ],
    [
      "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
      [{ blocker: "pvc", text: "pod has unbound immediate PersistentVolumeClaims" }],
    ],
    // The format before Kubernetes 1.24 keeps a comma inside the taint clause.
    [
      "0/2 nodes are available: 2 node(s) had taint {node.kubernetes.io/not-ready: }, that the pod didn't tolerate.",
      [{ blocker: "taints", nodes: 2, text: "node(s) had taint {node.kubernetes.io/not-ready: }, that the pod didn't tolerate" }],
    ],
    ["0/1 nodes are available: 1 node(s) had volume node affinity conflict.", [{ blocker: "other", nodes: 1, text: "node(s) had volume node affinity conflict" }]],
  ])("%s", (message, expected) => {
    expect(parseSchedulingMessage(message)).toEqual(expected);
  });
});
