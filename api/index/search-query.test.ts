import { describe, expect, it } from "vitest";
import { MAX_SEARCH_TERMS, parseSearch } from "./search-query.js";

describe("parseSearch", () => {
  it.each([
    { input: undefined, expected: undefined },
    { input: "", expected: undefined },
    { input: "  \t\n ", expected: undefined },
    { input: "memory", expected: { match: '"memory"', likes: [] } },
    { input: "  pod   memory ", expected: { match: '"pod" AND "memory"', likes: [] } },
    { input: "内存不足", expected: { match: '"内存不足"', likes: [] } },
    { input: "内存", expected: { likes: ["%内存%"] } },
    { input: "db 内存 oomkilled", expected: { match: '"oomkilled"', likes: ["%db%", "%内存%"] } },
    { input: 'say "hi"', expected: { match: '"say" AND """hi"""', likes: [] } },
    { input: "AND OR NOT", expected: { match: '"AND" AND "NOT"', likes: ["%OR%"] } },
    { input: "NEAR/ )(", expected: { match: '"NEAR/"', likes: ["%)(%"] } },
    { input: "% _ \\", expected: { likes: ["%\\%%", "%\\_%", "%\\\\%"] } },
    { input: "pod pod", expected: { match: '"pod"', likes: [] } },
    { input: "abc\u0000def", expected: { match: '"abc" AND "def"', likes: [] } },
  ])("$input", ({ input, expected }) => {
    expect(parseSearch(input)).toEqual(expected);
  });

  it("counts characters, not UTF-16 units, against the trigram minimum", () => {
    // Two astral characters are four UTF-16 units but only two trigram characters.
    expect(parseSearch("😀😀")).toEqual({ likes: ["%😀😀%"] });
  });

  it("keeps at most MAX_SEARCH_TERMS terms", () => {
    const terms = Array.from({ length: MAX_SEARCH_TERMS + 5 }, (_, i) => `term${i}`);
    const parsed = parseSearch(terms.join(" "));
    expect(parsed?.match?.split(" AND ")).toHaveLength(MAX_SEARCH_TERMS);
  });
});
