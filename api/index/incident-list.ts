/** Filtered, searched and paged reads of the incident history. */
import { desc, eq, gte, isNull, lte, type SQL } from "drizzle-orm";
import type { Incident } from "../../lib/resources.js";
import type { IndexDb } from "./database.js";
import { incidentsBigrams, incidentsFts } from "./fts-tables.js";
import { incidents } from "./schema.js";
import { searchPage, type Page, type Searchable } from "./search-page.js";

export interface IncidentQuery {
  page: number;
  pageSize: number;
  status?: string;
  severity?: string;
  /** Inclusive lower bound on created_at. */
  startDate?: Date;
  /** Inclusive upper bound on created_at. */
  endDate?: Date;
  search?: string;
  /** Incidents whose resource is gone (history); default true. */
  includeDeleted?: boolean;
}

const searchableIncidents: Searchable = {
  table: incidents,
  seq: incidents.seq,
  resource: incidents.resource,
  fts: incidentsFts,
  bigrams: incidentsBigrams,
  // A title hit outweighs a diagnosis hit, which outweighs one in the alert text.
  weights: [10, 5, 1],
  textColumns: [incidents.title, incidents.diagnosisText, incidents.detailsText],
  newestFirst: [desc(incidents.createdAt), desc(incidents.id)],
};

function filterConditions(q: IncidentQuery): (SQL | undefined)[] {
  return [
    q.status === undefined ? undefined : eq(incidents.status, q.status),
    q.severity === undefined ? undefined : eq(incidents.severity, q.severity),
    q.startDate === undefined ? undefined : gte(incidents.createdAt, q.startDate),
    q.endDate === undefined ? undefined : lte(incidents.createdAt, q.endDate),
    q.includeDeleted === false ? isNull(incidents.deletedAt) : undefined,
  ];
}

/** One page of incidents matching `q`, ranked by relevance when searching, else newest first. */
export function listIncidents(db: IndexDb, q: IncidentQuery): Page<Incident> {
  return searchPage<Incident>(db, searchableIncidents, { ...q, filters: filterConditions(q) });
}
