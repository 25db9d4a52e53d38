import type { V1Node } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { summarizeNodes } from "./list-nodes.js";

function node(name: string, ready: string, pressure: string[] = []): V1Node {
  return {
    metadata: { name },
    status: {
      conditions: [{ type: "Ready", status: ready }, ...pressure.map((type) => ({ type, status: "True" }))],
    },
  };
}

describe("summarizeNodes", () => {
  it.each<[string, V1Node[], string]>([
    ["no nodes", [], "0 nodes"],
    ["one ready node", [node("a", "True")], "1 node: 1 Ready"],
    [
      "a not-ready node and pressure",
      [node("a", "True"), node("b", "False"), node("c", "True", ["MemoryPressure", "DiskPressure"])],
      "3 nodes: 2 Ready, 1 NotReady; MemoryPressure+DiskPressure on c",
    ],
  ])("%s", (_name, nodes, line) => {
    expect(summarizeNodes(nodes)).toBe(line);
  });
});
