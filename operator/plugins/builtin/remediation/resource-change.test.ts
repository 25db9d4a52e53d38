import { describe, expect, it } from "vitest";
import {
  describeSetting,
  requestedSettings,
  resourceSnapshot,
  resourcesPatch,
  type ResourceArgs,
  type ResourceSetting,
} from "./resource-change.js";

describe("requestedSettings", () => {
  it.each<[ResourceArgs, ResourceSetting[]]>([
    [{}, []],
    [{ memory_limit: "256Mi" }, [{ bucket: "limits", resource: "memory", value: "256Mi" }]],
    [
      { cpu_limit: "1", cpu_request: "250m" },
      [
        { bucket: "requests", resource: "cpu", value: "250m" },
        { bucket: "limits", resource: "cpu", value: "1" },
      ],
    ],
  ])("%j -> %j", (args, expected) => {
    expect(requestedSettings(args)).toEqual(expected);
  });
});

describe("resourcesPatch", () => {
  it.each<[string, ResourceArgs, Record<string, unknown>]>([
    ["a memory limit", { memory_limit: "256Mi" }, { limits: { memory: "256Mi" } }],
    [
      "requests and limits",
      { cpu_request: "100m", memory_request: "64Mi", cpu_limit: "1", memory_limit: "1Gi" },
      { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    ],
  ])("sets %s of the named container only", (_what, args, resources) => {
    expect(resourcesPatch("app", requestedSettings(args))).toEqual({
      spec: { template: { spec: { containers: [{ name: "app", resources }] } } },
    });
  });
});

describe("resourceSnapshot", () => {
  it.each([
    [undefined, { requests: { cpu: null, memory: null }, limits: { cpu: null, memory: null } }],
    [
      { requests: { cpu: "100m" }, limits: { memory: "128Mi" } },
      { requests: { cpu: "100m", memory: null }, limits: { cpu: null, memory: "128Mi" } },
    ],
  ])("%j -> %j", (resources, expected) => {
    expect(resourceSnapshot(resources)).toEqual(expected);
  });
});

describe("describeSetting", () => {
  const memoryLimit = (value: string): ResourceSetting => ({ bucket: "limits", resource: "memory", value });
  const cpuRequest = (value: string): ResourceSetting => ({ bucket: "requests", resource: "cpu", value });
  it.each<[ResourceSetting, string | null, string]>([
    [memoryLimit("256Mi"), "128Mi", "raised memory limit of shop/web/app from 128Mi to 256Mi"],
    [memoryLimit("128Mi"), "1Gi", "lowered memory limit of shop/web/app from 1Gi to 128Mi"],
    [memoryLimit("256Mi"), null, "set memory limit of shop/web/app to 256Mi"],
    [cpuRequest("1"), "1000m", "kept cpu request of shop/web/app at 1"],
    [cpuRequest("500m"), "1", "lowered cpu request of shop/web/app from 1 to 500m"],
    [cpuRequest("lots"), "1", "changed cpu request of shop/web/app from 1 to lots"],
  ])("%j from %s", (setting, previous, expected) => {
    expect(describeSetting(setting, previous, "shop/web/app")).toBe(expected);
  });
});
