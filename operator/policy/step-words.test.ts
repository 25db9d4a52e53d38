import { describe, expect, it } from "vitest";
import { stepChangeInWords } from "./step-words.js";

describe("stepChangeInWords", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["set_container_resources", { deployment_name: "web", container: "app", memory_limit: "512Mi", cpu_request: "250m" }, "set cpu request 250m, memory limit 512Mi on container app of Deployment web"],
    ["scale_deployment", { deployment_name: "web", replicas: 3 }, "set replicas of Deployment web to 3"],
    ["rollback_deployment", { deployment_name: "web" }, "revert Deployment web's pod template to the previous revision"],
    ["rollback_deployment", { deployment_name: "web", to_revision: 4 }, "revert Deployment web's pod template to revision 4"],
    ["set_deployment_image", { deployment_name: "web", container: "app", image: "r/app:1.2" }, "set the image of container app of Deployment web to r/app:1.2"],
    ["cordon_node", { node_name: "n1" }, "set spec.unschedulable: true on Node n1"],
    ["my_tool", { a: 1 }, 'my_tool {"a":1}'],
  ])("%s %j", (plugin, params, words) => {
    expect(stepChangeInWords(plugin, params)).toBe(words);
  });
});
