import { ApiException, KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { componentLogger } from "../../../../lib/logger.js";
import type { PluginContext } from "../../types.js";
import { apiFailure, guarded, refString, succeeded, type ObjectRef } from "./outcome.js";

const deployment: ObjectRef = { kind: "Deployment", namespace: "shop", name: "web" };
const node: ObjectRef = { kind: "Node", name: "kwok-node-0" };

function context(dryRun: boolean): PluginContext {
  return { kc: new KubeConfig(), installNamespace: "kubefix", log: componentLogger("test"), signal: new AbortController().signal, dryRun };
}

function apiError(code: number, message: string): ApiException<string> {
  return new ApiException(code, message, JSON.stringify({ kind: "Status", message }), {});
}

describe("refString", () => {
  it.each([
    [deployment, "Deployment/shop/web"],
    [node, "Node/kwok-node-0"],
  ])("%j -> %s", (ref, expected) => {
    expect(refString(ref)).toBe(expected);
  });
});

describe("succeeded", () => {
  it.each([
    [false, "scaled deployment shop/web from 1 to 3 replicas", ["Deployment/shop/web"]],
    [true, "dry run: would have scaled deployment shop/web from 1 to 3 replicas", []],
  ])("dryRun %s", (dryRun, summary, changed) => {
    const result = succeeded(context(dryRun), "scaled deployment shop/web from 1 to 3 replicas", [deployment], { replicas: 3 });
    expect(result).toEqual({ ok: true, summary, changed, data: { replicas: 3, dryRun } });
  });
});

describe("apiFailure", () => {
  it.each([
    [404, deployment, 'deployments.apps "web" not found', "deployment web not found in namespace shop"],
    [404, node, 'nodes "kwok-node-0" not found', "node kwok-node-0 not found"],
    [403, deployment, "forbidden: no", "not allowed to scale deployment shop/web: forbidden: no"],
    [409, deployment, "the object has been modified", "conflict while trying to scale deployment shop/web: the object has been modified"],
    [422, deployment, "spec.replicas: Invalid value: -1", "could not scale deployment shop/web: spec.replicas: Invalid value: -1"],
  ])("%i on %j", (code, ref, message, summary) => {
    const result = apiFailure(apiError(code, message), ref, "scale");
    expect(result).toMatchObject({ ok: false, summary, error: message, changed: [], data: { status: code } });
  });
});

describe("guarded", () => {
  it.each([
    [apiError(404, "gone"), "deployment web not found in namespace shop", "gone"],
    [new Error("socket hang up"), "could not scale deployment shop/web: socket hang up", "socket hang up"],
  ])("turns %s into a failed result", async (thrown, summary, error) => {
    const result = await guarded(deployment, "scale", () => Promise.reject(thrown));
    expect(result).toMatchObject({ ok: false, summary, error });
  });
});
