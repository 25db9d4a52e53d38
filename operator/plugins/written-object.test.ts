import { describe, expect, it } from "vitest";
import { remediationPlugins } from "./builtin/remediation/index.js";
import { declaresWrittenObject, writesClusterScoped, writtenObjectKey, writtenObjectOf } from "./written-object.js";

describe("writtenObjectOf", () => {
  it.each([
    ["set_container_resources", { namespace: "shop", deployment_name: "web" }, "Deployment/shop/web"],
    ["scale_statefulset", { namespace: "db", statefulset_name: "pg" }, "StatefulSet/db/pg"],
    ["suspend_cronjob", { namespace: "ops", cronjob_name: "backup" }, "CronJob/ops/backup"],
    ["restart_pod", { namespace: "shop", pod_name: "web-1" }, "Pod/shop/web-1"],
    ["cordon_node", { node_name: "n1" }, "Node/n1"],
    ["delete_evicted_pods", { namespace: "shop" }, "Pod/shop/*"],
  ])("%s %j writes %s", (plugin, params, key) => {
    const written = writtenObjectOf(plugin, params);
    expect(written && writtenObjectKey(written)).toBe(key);
  });

  it.each([
    ["a namespaced write without a namespace", "set_container_resources", { deployment_name: "web" }],
    ["an empty namespace", "rollback_deployment", { namespace: "", deployment_name: "web" }],
    ["a missing name", "scale_deployment", { namespace: "shop" }],
    ["a name that is not a string", "scale_deployment", { namespace: "shop", deployment_name: 3 }],
    ["an unknown tool", "drop_everything", { namespace: "shop", name: "x" }],
    ["namespace-wide without a namespace", "delete_evicted_pods", {}],
  ])("cannot tell for %s", (_why, plugin, params) => {
    expect(writtenObjectOf(plugin, params)).toBeUndefined();
  });

  it.each(remediationPlugins.map((p) => p.name))("knows what %s writes", (name) => {
    expect(declaresWrittenObject(name)).toBe(true);
  });

  it("only node writes are cluster-scoped", () => {
    expect(writesClusterScoped("cordon_node")).toBe(true);
    expect(writesClusterScoped("set_container_resources")).toBe(false);
  });
});
