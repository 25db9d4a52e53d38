import { describe, expect, it } from "vitest";
import { bigramToken, rowBigrams, wellFormed } from "./bigrams.js";

const tokens = (columns: unknown[]): string[] => rowBigrams(columns).split(" ").filter((t) => t.length > 0).sort();
const tokensOf = (...terms: string[]): string[] => terms.map((t) => bigramToken(t)!).sort();

describe("bigramToken", () => {
  it.each([
    { term: "内存", expected: "5185x5b58" },
    { term: "io", expected: "69x6f" },
    { term: "IO", expected: "69x6f" },
    { term: "iO", expected: "69x6f" },
    { term: "Äb", expected: "c4x62" }, // LIKE folds ASCII only
    { term: "äb", expected: "e4x62" },
    { term: "😀😀", expected: "1f600x1f600" }, // two code points, four UTF-16 units
    { term: "\ud800x", expected: "fffdx78" }, // LIKE reads a lone surrogate as U+FFFD
    { term: "\uffffx", expected: "fffdx78" }, // and U+FFFF too
    { term: '""', expected: "22x22" },
    { term: "%_", expected: "25x5f" },
  ])("$term is $expected", ({ term, expected }) => {
    expect(bigramToken(term)).toBe(expected);
  });

  it.each(["", "a", "内", "😀", "abc", "内存不足"])("%j is not two characters", (term) => {
    expect(bigramToken(term)).toBeUndefined();
  });

  it("never makes two pairs one token", () => {
    // 0x1 0x23 against 0x12 0x3: the `x` keeps the halves apart.
    expect(bigramToken("\u0001\u0023")).not.toBe(bigramToken("\u0012\u0003"));
  });
});

describe("rowBigrams", () => {
  it.each([
    { name: "every window, once", columns: ["内存内存"], expected: tokensOf("内存", "存内") },
    { name: "ASCII lowered", columns: ["OoM"], expected: tokensOf("oo", "om") },
    { name: "no window across white space", columns: ["ab cd\u3000ef"], expected: tokensOf("ab", "cd", "ef") },
    { name: "no window across a control character", columns: ["ab\u0007cd"], expected: tokensOf("ab", "cd") },
    { name: "no window across columns", columns: ["ab", "cd"], expected: tokensOf("ab", "cd") },
    { name: "nothing after a NUL, where LIKE stops reading", columns: ["ab\u0000cd"], expected: tokensOf("ab") },
    { name: "nothing from NULL or a one-character text", columns: [null, "x", ""], expected: [] },
    { name: "astral characters whole", columns: ["a😀b"], expected: tokensOf("a😀", "😀b") },
  ])("$name", ({ columns, expected }) => {
    expect(tokens(columns)).toEqual(expected);
  });

  it("is a token list the ascii tokenizer keeps whole: hex digits and x only", () => {
    expect(rowBigrams(['"quoted" (parens) * AND NEAR/ \\ 内存 😀'])).toMatch(/^[0-9a-fx ]+$/);
  });
});

describe("wellFormed", () => {
  it.each([
    { text: "内存 OOMKilled", expected: "内存 OOMKilled" },
    { text: "a😀b", expected: "a😀b" },
    { text: "a\ud83d", expected: "a\ufffd" },
    { text: "\ude00b\ud83d\ud83d", expected: "\ufffdb\ufffd\ufffd" },
  ])("$text", ({ text, expected }) => {
    expect(wellFormed(text)).toBe(expected);
  });
});
