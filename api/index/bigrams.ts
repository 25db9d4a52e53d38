/**
 * The two-character index. The trigram tokenizer cannot look up a term of two
 * characters (内存, 重启, `io`), and a LIKE scan of every row was the slowest
 * search. Instead each row's text is reduced to the set of its two-character
 * windows, each written as one token of hex digits (`5185x5b58` for 内存), so
 * that FTS5's `ascii` tokenizer keeps it whole and a two-character term is a
 * single token lookup. The triggers of migrations/0003_bigrams.sql call
 * `rowBigrams` through a SQL function (bigram-triggers.ts).
 *
 * The result must equal `LIKE '%term%'` on the same columns, so the windows
 * follow LIKE, not Unicode: only ASCII letters fold case, and the text ends at
 * its first NUL, where LIKE stops reading.
 */

/** What splits a search box into terms (search-query.ts), so a term never holds one of these. */
export const TERM_SEPARATORS = /[\s\p{Cc}]+/u;

const CODE_POINTS = 0x110000;
const REPLACEMENT = 0xfffd;

/** The code point LIKE compares: ASCII letters lowered; surrogates, U+FFFE and U+FFFF read as U+FFFD. */
function likeCodePoint(ch: string): number {
  const c = ch.codePointAt(0) ?? REPLACEMENT;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  return (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff ? REPLACEMENT : c;
}

/**
 * `text` with each lone surrogate replaced by U+FFFD, which LIKE reads it as. Stored as is, one
 * comes back to JS as three U+FFFD, and its windows would no longer be the ones LIKE sees.
 */
export function wellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, "\ufffd");
}

// `x` is no hex digit, so the encoding is one-to-one; letters and digits are all the ascii tokenizer keeps.
const token = (pair: number): string =>
  `${Math.floor(pair / CODE_POINTS).toString(16)}x${(pair % CODE_POINTS).toString(16)}`;

/** The token of a two-character term, or undefined for any other length. */
export function bigramToken(term: string): string | undefined {
  const chars = Array.from(term);
  if (chars.length !== 2) return undefined;
  return token(likeCodePoint(chars[0]!) * CODE_POINTS + likeCodePoint(chars[1]!));
}

function addWindows(text: string, pairs: Set<number>): void {
  const nul = text.indexOf("\0");
  // No term contains a separator, so windows across one are never looked up: skip them.
  for (const word of (nul < 0 ? text : text.slice(0, nul)).split(TERM_SEPARATORS)) {
    let previous = -1;
    for (const ch of word) {
      const c = likeCodePoint(ch);
      if (previous >= 0) pairs.add(previous * CODE_POINTS + c);
      previous = c;
    }
  }
}

/**
 * The distinct two-character tokens of a row's text columns, space-separated. Windows never
 * span two columns, as LIKE tests each column alone; anything but text (NULL) has none.
 */
export function rowBigrams(columns: readonly unknown[]): string {
  const pairs = new Set<number>();
  for (const text of columns) {
    if (typeof text === "string") addWindows(text, pairs);
  }
  return Array.from(pairs, token).join(" ");
}
