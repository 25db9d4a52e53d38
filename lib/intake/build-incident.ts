import { API_VERSION, type IncidentSpec } from "../../crds/index.js";
import type { IncidentInput } from "../resources.js";
import type { AlertInput } from "./alert-input.js";
import { parseIncidentId, resourceNameOf } from "./incident-id.js";
import type { ParsedAlert } from "./parse-alert.js";

/** Label selecting every incident of one fingerprint. */
export const FINGERPRINT_LABEL = "kubefix.io/fingerprint";
/** Label with the incident's severity, for `kubectl get inc -l`. */
export const SEVERITY_LABEL = "kubefix.io/severity";
/** Label with the UTC day of the id (`YYYYMMDD`); id allocation lists one day through it. */
export const DATE_LABEL = "kubefix.io/date";
/** Annotation with the time the sender put on the alert, which may differ from when it was received. */
export const ALERT_TIMESTAMP_ANNOTATION = "kubefix.io/alert-timestamp";

export type IncidentTarget = NonNullable<IncidentSpec["target"]>;

/** What a new incident is made from. */
export interface IncidentDraft {
  id: string;
  input: AlertInput;
  parsed: ParsedAlert;
  fingerprint: string;
  receivedAt: Date;
}

/** The Incident body for a first alert: spec and metadata only, status is the operator's. */
export function buildIncident(draft: IncidentDraft): IncidentInput {
  const { id, input, parsed, fingerprint } = draft;
  const receivedAt = draft.receivedAt.toISOString();
  const day = parseIncidentId(id)?.day;
  if (day === undefined) throw new RangeError(`buildIncident: "${id}" is not an incident id`);
  return {
    apiVersion: API_VERSION,
    kind: "Incident",
    metadata: {
      name: resourceNameOf(id),
      labels: { [FINGERPRINT_LABEL]: fingerprint, [SEVERITY_LABEL]: parsed.severity, [DATE_LABEL]: day },
      ...(input.timestamp === undefined ? {} : { annotations: { [ALERT_TIMESTAMP_ANNOTATION]: input.timestamp } }),
    },
    spec: definedOnly({
      id,
      title: parsed.title,
      description: parsed.labels.description ?? parsed.labels.summary,
      severity: parsed.severity,
      category: parsed.category,
      source: input.sender_id,
      fingerprint,
      alert: definedOnly({
        message: input.message,
        source: input.sender_id,
        chatId: input.chat_id,
        receivedAt,
        alertName: parsed.alertName,
        labels: Object.keys(parsed.labels).length > 0 ? parsed.labels : undefined,
      }),
      target: targetOf(parsed),
      occurrences: 1,
      firstSeen: receivedAt,
      lastSeen: receivedAt,
    }),
  };
}

/** The object an alert is about: its Deployment when known, else its Pod, Node or Service. */
export function targetOf(parsed: ParsedAlert): IncidentTarget | undefined {
  const named = namedObject(parsed);
  if (named === undefined) return undefined;
  // Nodes are cluster-scoped; a namespace beside one would only mislead the diagnosis.
  const namespace = named.kind === "Node" ? undefined : parsed.namespace;
  return definedOnly({ ...named, namespace, container: parsed.container, service: parsed.service });
}

function namedObject(parsed: ParsedAlert): Pick<IncidentTarget, "kind" | "name"> | undefined {
  if (parsed.deployment !== undefined) return { kind: "Deployment", name: parsed.deployment };
  if (parsed.pod !== undefined) return { kind: "Pod", name: parsed.pod };
  if (parsed.node !== undefined) return { kind: "Node", name: parsed.node };
  if (parsed.service !== undefined) return { kind: "Service", name: parsed.service };
  return undefined;
}

// The apiserver would store an explicit undefined as nothing anyway; leaving keys out keeps bodies comparable in tests.
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
