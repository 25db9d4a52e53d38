import type { V1PodTemplateSpec } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { chooseContainer, deploymentContainer } from "./template-container.js";

const template = (...names: string[]): V1PodTemplateSpec => ({
  spec: { containers: names.map((name) => ({ name, image: `${name}:1` })) },
});

describe("chooseContainer", () => {
  it.each<{ what: string; tpl: V1PodTemplateSpec; name?: string; chosen?: string; error?: string }>([
    { what: "the only container when none is named", tpl: template("app"), chosen: "app" },
    { what: "the named container", tpl: template("app", "sidecar"), name: "sidecar", chosen: "sidecar" },
    { what: "the named container when it is the only one", tpl: template("app"), name: "app", chosen: "app" },
    {
      what: "nothing when the name is unknown",
      tpl: template("app", "sidecar"),
      name: "web",
      error: "deployment shop/web has no container web (containers: app, sidecar)",
    },
    {
      what: "nothing when several are unnamed",
      tpl: template("app", "sidecar"),
      error: "deployment shop/web has 2 containers (app, sidecar); name one with the container argument",
    },
    {
      what: "nothing from an empty template",
      tpl: {},
      error: "deployment shop/web has 0 containers (); name one with the container argument",
    },
  ])("chooses $what", ({ tpl, name, chosen, error }) => {
    const choice = chooseContainer(tpl, "deployment shop/web", name);
    expect(choice.container?.name).toBe(chosen);
    expect(choice.error).toBe(error);
  });
});

describe("deploymentContainer", () => {
  it.each([
    ["app", "app:1"],
    ["sidecar", "sidecar:1"],
    ["web", undefined],
  ])("%s -> %s", (name, image) => {
    expect(deploymentContainer({ spec: { selector: {}, template: template("app", "sidecar") } }, name)?.image).toBe(image);
  });
});
