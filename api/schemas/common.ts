/** Schemas shared by several routes: paging, dates, ids. */
import { z } from "zod";
import { messageKey } from "../messages.js";

/** The most rows one page may hold. */
export const MAX_PAGE_SIZE = 100;

const digits = (key: "positiveInteger" | "pageSizeRange"): z.ZodString => z.string().regex(/^\d{1,9}$/, { error: messageKey(key) });

/** No query parameters at all: an unknown one is named in the 400. */
export const noQuery = z.strictObject({});

/** `page`: a positive integer, 1 when absent. Only plain digits: no `0x10`, `1e3` or spaces. */
export const page = digits("positiveInteger")
  .pipe(z.coerce.number())
  .pipe(z
  .number({ error: messageKey("positiveInteger") })
  .int({ error: messageKey("positiveInteger") })
  .min(1, { error: messageKey("positiveInteger") })
  .max(1_000_000, { error: messageKey("positiveInteger") }))
  .optional()
  .transform((v) => v ?? 1);

/** `page_size`: 1..100, 20 when absent. */
export const pageSize = digits("pageSizeRange")
  .pipe(z.coerce.number())
  .pipe(z
  .number({ error: messageKey("pageSizeRange") })
  .int({ error: messageKey("pageSizeRange") })
  .min(1, { error: messageKey("pageSizeRange") })
  .max(MAX_PAGE_SIZE, { error: messageKey("pageSizeRange") }))
  .optional()
  .transform((v) => v ?? 20);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** True for a real calendar day: 2024-02-30 would otherwise roll over into March. */
const isCalendarDay = (day: string): boolean => new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);

/** True for `2024-01-15` or an RFC 3339 date-time with a zone, on a real calendar day. */
export function isIsoDate(v: string): boolean {
  const day = DATE_ONLY.test(v) ? v : DATE_TIME.exec(v)?.[1];
  return day !== undefined && !Number.isNaN(Date.parse(v)) && isCalendarDay(day);
}

/** An ISO 8601 date (`2024-01-15`) or date-time with a zone; kept as the string sent. */
export const dateParam = z.string().max(64).refine(isIsoDate, { error: messageKey("invalidDate") });

/** The instant a date parameter stands for: a bare end date means the end of that day (UTC). */
export function instantOf(value: string, edge: "start" | "end"): Date {
  if (DATE_ONLY.test(value)) return new Date(`${value}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}Z`);
  return new Date(value);
}

/** A search phrase. */
export const searchParam = z.string().trim().max(256);

/** The documented page wrapper of a list. */
export const pageOf = <T extends z.ZodType>(
  item: T,
): z.ZodObject<{ items: z.ZodArray<T>; total: z.ZodNumber; page: z.ZodNumber; page_size: z.ZodNumber; total_pages: z.ZodNumber }> =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), page_size: z.number().int(), total_pages: z.number().int() });

/** Builds the page wrapper's numbers. */
export function pageNumbers(total: number, page: number, size: number): { total: number; page: number; page_size: number; total_pages: number } {
  return { total, page, page_size: size, total_pages: Math.ceil(total / size) };
}
