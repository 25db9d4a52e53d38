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
    { input: "内存", expected: { bigramMatch: '"5185x5b58"', likes: [] } },
    { input: "db 内存 oomkilled", expected: { match: '"oomkilled"', bigramMatch: '"64x62" AND "5185x5b58"', likes: [] } },
    { input: "IO io Io x", expected: { bigramMatch: '"69x6f"', likes: ["%x%"] } },
    { input: "重启 a 内存", expected: { bigramMatch: '"91cdx542f" AND "5185x5b58"', likes: ["%a%"] } },
    { input: 'say "hi"', expected: { match: '"say" AND """hi"""', likes: [] } },
    { input: "AND OR NOT", expected: { match: '"AND" AND "NOT"', bigramMatch: '"6fx72"', likes: [] } },
    { input: "NEAR/ )(", expected: { match: '"NEAR/"', bigramMatch: '"29x28"', likes: [] } },
    { input: "% _ \\", expected: { likes: ["%\\%%", "%\\_%", "%\\\\%"] } },
    { input: '"" %%', expected: { bigramMatch: '"22x22" AND "25x25"', likes: [] } },
    { input: "pod pod", expected: { match: '"pod"', likes: [] } },
    { input: "abc\u0000def", expected: { match: '"abc" AND "def"', likes: [] } },
  ])("$input", ({ input, expected }) => {
    expect(parseSearch(input)).toEqual(expected);
  });

  it("counts characters, not UTF-16 units, against the trigram minimum", () => {
    // Two astral characters are four UTF-16 units but only two characters: a bigram.
    expect(parseSearch("😀😀")).toEqual({ bigramMatch: '"1f600x1f600"', likes: [] });
    expect(parseSearch("😀")).toEqual({ likes: ["%😀%"] });
  });

  it("keeps at most MAX_SEARCH_TERMS terms", () => {
    const terms = Array.from({ length: MAX_SEARCH_TERMS + 5 }, (_, i) => `term${i}`);
    const parsed = parseSearch(terms.join(" "));
    expect(parsed?.match?.split(" AND ")).toHaveLength(MAX_SEARCH_TERMS);
  });
});
