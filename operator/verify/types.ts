/** What verification observes about one object, and the objects it judges. */

/** One health observation: healthy or not, and in words why. */
export interface Health {
  healthy: boolean;
  message: string;
}

/** Kinds verification can judge. */
export const JUDGED_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Pod", "Node", "Service"] as const;
export type JudgedKind = (typeof JUDGED_KINDS)[number];

/** An object verification judges, and why it is judged. */
export interface Subject {
  kind: JudgedKind;
  name: string;
  namespace?: string;
  /** target: the incident's target; written: a step changed it; cause: what the diagnosis says made it fail. */
  role: "target" | "written" | "cause";
}

export const healthy = (message: string): Health => ({ healthy: true, message });
export const unhealthy = (message: string): Health => ({ healthy: false, message });

/** "Deployment shop/web", "Node n1". */
export const subjectName = (s: Pick<Subject, "kind" | "name" | "namespace">): string =>
  `${s.kind} ${s.namespace ? `${s.namespace}/` : ""}${s.name}`;
