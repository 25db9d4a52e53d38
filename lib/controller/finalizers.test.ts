import { describe, expect, it } from "vitest";
import { withFinalizer, withoutFinalizer } from "./finalizers.js";

describe("finalizer lists", () => {
  it.each<[string[] | undefined, string[]]>([
    [undefined, ["kubefix.io/x"]],
    [[], ["kubefix.io/x"]],
    [["other"], ["other", "kubefix.io/x"]],
    [["kubefix.io/x"], ["kubefix.io/x"]],
  ])("withFinalizer(%o)", (list, expected) => {
    expect(withFinalizer(list, "kubefix.io/x")).toEqual(expected);
  });

  it.each<[string[] | undefined, string[]]>([
    [undefined, []],
    [["kubefix.io/x"], []],
    [["other", "kubefix.io/x"], ["other"]],
    [["other"], ["other"]],
  ])("withoutFinalizer(%o)", (list, expected) => {
    expect(withoutFinalizer(list, "kubefix.io/x")).toEqual(expected);
  });
});
