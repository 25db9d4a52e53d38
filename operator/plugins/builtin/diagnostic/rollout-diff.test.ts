import type { V1PodTemplateSpec } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { templateChanges, templateFacts } from "./rollout-diff.js";

const only = (key: string, value: string | undefined): Record<string, string> => (value ? { [key]: value } : {});

function template(containers: { name: string; image: string; memory?: string; cpu?: string }[]): V1PodTemplateSpec {
  return {
    spec: {
      containers: containers.map((c) => ({
        name: c.name,
        image: c.image,
        resources: { requests: only("cpu", c.cpu), limits: only("memory", c.memory) },
      })),
    },
  };
}

describe("templateChanges", () => {
  it.each<[string, V1PodTemplateSpec, V1PodTemplateSpec, string[]]>([
    ["no change", template([{ name: "app", image: "a:1" }]), template([{ name: "app", image: "a:1" }]), []],
    ["a new image", template([{ name: "app", image: "a:1" }]), template([{ name: "app", image: "a:2" }]), ["app image a:1 → a:2"]],
    [
      "a raised memory limit and a new cpu request",
      template([{ name: "app", image: "a:1", memory: "128Mi" }]),
      template([{ name: "app", image: "a:1", memory: "256Mi", cpu: "100m" }]),
      ["app requests.cpu unset → 100m", "app limits.memory 128Mi → 256Mi"],
    ],
    [
      "an added and a removed container",
      template([{ name: "app", image: "a:1" }, { name: "old", image: "o:1" }]),
      template([{ name: "app", image: "a:1" }, { name: "proxy", image: "p:1" }]),
      ["container old removed", "container proxy added (p:1)"],
    ],
  ])("%s", (_name, before, after, changes) => {
    expect(templateChanges(templateFacts(before), templateFacts(after))).toEqual(changes);
  });

  it("reads an empty template as no containers", () => {
    expect(templateFacts(undefined)).toEqual({});
  });
});
