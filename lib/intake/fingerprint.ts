import { createHash } from "node:crypto";
import type { ParsedAlert } from "./parse-alert.js";

// Part of the hashed text, so that changing the recipe can never make old and new fingerprints collide.
const RECIPE_VERSION = "kubefix-alert-fingerprint-v1";
const FINGERPRINT_HEX_CHARS = 16;

// DaemonSet, Job and bare ReplicaSet pods end in one random 5-character suffix; demanding a digit
// keeps ordinary words such as "nginx-proxy" intact.
const RANDOM_POD_SUFFIX = /^([a-z0-9][a-z0-9.-]*?)-(?=[a-z]*\d)[a-z0-9]{5}$/;
// "<stem>-<hash>-<suffix>", as a ReplicaSet names its pods.
const REPLICASET_POD = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)-[a-z0-9]{5,10}-[a-z0-9]{5}$/;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}(?:[t\s]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?/g;

/** Identifies "the same problem" across alerts (16 lowercase hex chars) so repeats fold into one incident. */
export function fingerprint(alert: ParsedAlert): string {
  const parts = [RECIPE_VERSION, normaliseProblem(alert.alertName ?? alert.title), normaliseName(alert.namespace), workloadOf(alert)];
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, FINGERPRINT_HEX_CHARS);
}

function workloadOf(alert: ParsedAlert): string {
  const pod = normaliseName(alert.pod);
  const workload = alert.deployment ?? alert.service ?? (pod === "" ? undefined : podWorkload(pod)) ?? alert.node;
  return normaliseName(workload);
}

/**
 * The pod's name without its generated suffixes, so that repeats on a recreated pod fold together.
 * Only a grouping key for deduplication: never an owner, which the diagnosis reads in the cluster.
 */
function podWorkload(pod: string): string {
  return REPLICASET_POD.exec(pod)?.[1] ?? RANDOM_POD_SUFFIX.exec(pod)?.[1] ?? pod;
}

function normaliseName(name: string | undefined): string {
  return (name ?? "").trim().toLowerCase();
}

// Pod names, counts, percentages and times vary between repeats of one problem, so only the words remain.
function normaliseProblem(text: string): string {
  return text
    .toLowerCase()
    .replace(TIMESTAMP, " ")
    .split(/[^\p{L}\p{N}.-]+/u)
    .map((token) => podWorkload(token).replace(/[^\p{L}]+/gu, " "))
    .join(" ")
    .split(/\s+/)
    .filter((word) => word !== "")
    .join(" ");
}
