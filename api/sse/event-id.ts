/**
 * Event ids are `<epoch>-<seq>`: the epoch names one hub (one process), seq
 * counts its events from 1. An id from another replica or an earlier run has
 * another epoch, so the hub knows it cannot replay after it.
 */
import { randomBytes } from "node:crypto";

export interface ParsedEventId {
  epoch: string;
  seq: number;
}

/** A fresh epoch: the start time in base36 plus random hex, so two hubs started in the same millisecond differ. */
export function newEpoch(nowMs: number): string {
  return `${Math.floor(nowMs).toString(36)}${randomBytes(3).toString("hex")}`;
}

/** The id of event `seq` of hub `epoch`; seq 0 means "before the first event". */
export const formatEventId = (epoch: string, seq: number): string => `${epoch}-${seq}`;

/** Splits an id sent back by a client; undefined when it is not one of ours at all. */
export function parseEventId(id: string): ParsedEventId | undefined {
  const match = /^([0-9a-z]+)-(\d{1,15})$/.exec(id.trim());
  if (!match) return undefined;
  return { epoch: match[1]!, seq: Number(match[2]) };
}
