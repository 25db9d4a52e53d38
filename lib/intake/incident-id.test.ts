import { describe, expect, it } from "vitest";
import { dayOf, floorAfter, formatIncidentId, MAX_SEQUENCE, nextSequence, parseIncidentId, resourceNameOf } from "./incident-id.js";

describe("dayOf", () => {
  it.each<[string, string]>([
    ["2026-01-15T10:30:00Z", "20260115"],
    ["2026-01-15T23:59:59.999Z", "20260115"],
    // The id's day is the UTC day, whatever the sender's time zone.
    ["2026-01-16T07:00:00+08:00", "20260115"],
    ["2026-12-31T16:00:00-08:00", "20270101"],
  ])("%s is day %s", (time, day) => {
    expect(dayOf(new Date(time))).toBe(day);
  });
});

describe("formatIncidentId", () => {
  it.each<[number, string]>([
    [1, "INC-20260115-001"],
    [42, "INC-20260115-042"],
    [999, "INC-20260115-999"],
    [1000, "INC-20260115-1000"],
    [MAX_SEQUENCE, "INC-20260115-999999"],
  ])("numbers incident %i as %s", (sequence, id) => {
    expect(formatIncidentId("20260115", sequence)).toBe(id);
  });

  it.each<[string, string, number]>([
    ["zero", "20260115", 0],
    ["a fraction", "20260115", 1.5],
    ["more than six digits", "20260115", MAX_SEQUENCE + 1],
    ["a malformed day", "2026-01-15", 1],
  ])("refuses %s", (_what, day, sequence) => {
    expect(() => formatIncidentId(day, sequence)).toThrow(RangeError);
  });
});

describe("parseIncidentId", () => {
  it.each<[string, { day: string; sequence: number } | undefined]>([
    ["INC-20260115-001", { day: "20260115", sequence: 1 }],
    ["inc-20260115-001", { day: "20260115", sequence: 1 }],
    ["INC-20260115-1000", { day: "20260115", sequence: 1000 }],
    ["INC-20260115-01", undefined],
    ["INC-20260115-1234567", undefined],
    ["INC-2026011-001", undefined],
    ["ORD-20260115-001", undefined],
    ["INC-20260115-001-x", undefined],
    ["", undefined],
  ])("reads %j", (id, expected) => {
    expect(parseIncidentId(id)).toEqual(expected);
  });

  it.each([1, 7, 999, 1000, 123456])("round-trips sequence %i through its resource name", (sequence) => {
    const id = formatIncidentId("20260115", sequence);
    expect(parseIncidentId(resourceNameOf(id))).toEqual({ day: "20260115", sequence });
  });
});

describe("nextSequence", () => {
  it.each<[string, string[], number, number]>([
    ["no incidents yet", [], 1, 1],
    ["one incident", ["INC-20260115-001"], 1, 2],
    ["a gap: past the highest, not into the gap", ["INC-20260115-001", "INC-20260115-007"], 1, 8],
    ["unordered ids", ["INC-20260115-003", "INC-20260115-010", "INC-20260115-002"], 1, 11],
    ["past 999", ["INC-20260115-999"], 1, 1000],
    ["other days ignored", ["INC-20260114-050", "INC-20260116-002"], 1, 1],
    ["malformed ids ignored", ["INC-X", "bogus", "INC-20260115-002"], 1, 3],
    ["a floor above the highest", ["INC-20260115-002"], 5, 5],
    ["a floor below the highest", ["INC-20260115-009"], 5, 10],
  ])("%s", (_what, ids, floor, expected) => {
    expect(nextSequence("20260115", ids, floor)).toBe(expected);
  });
});

describe("floorAfter", () => {
  it.each<[string, string, number]>([
    ["inc-20260115-004", "20260115", 5],
    ["INC-20260115-999", "20260115", 1000],
    ["inc-20260114-004", "20260115", 1],
    ["not-an-id", "20260115", 1],
  ])("after %s on %s tries from %i", (taken, day, floor) => {
    expect(floorAfter(day, taken)).toBe(floor);
  });
});
