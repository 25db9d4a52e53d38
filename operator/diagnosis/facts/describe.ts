/** Short, factual evidence lines about pods and containers. */
import type { V1ContainerState, V1ContainerStatus, V1Pod } from "@kubernetes/client-node";
import { podName } from "./pods.js";

function terminatedPart(prefix: string, state: V1ContainerState | undefined): string[] {
  const t = state?.terminated;
  return t === undefined ? [] : [`${prefix}.terminated.reason=${t.reason ?? "-"} exitCode=${t.exitCode}`];
}

const waitingPart = (state: V1ContainerState | undefined): string[] =>
  state?.waiting?.reason === undefined ? [] : [`state.waiting.reason=${state.waiting.reason}`];

/** A container's state, e.g. "pod web-1 container app: lastState.terminated.reason=OOMKilled exitCode=137 restartCount=7". */
export function describeContainer(pod: V1Pod, status: V1ContainerStatus): string {
  const parts = [
    ...terminatedPart("lastState", status.lastState),
    `restartCount=${status.restartCount}`,
    ...waitingPart(status.state),
    ...terminatedPart("state", status.state),
  ];
  return `pod ${podName(pod)} container ${status.name}: ${parts.join(" ")}`;
}

/** A message from the container's state, trimmed for an evidence line. */
export const stateMessage = (status: V1ContainerStatus): string =>
  (status.state?.waiting?.message ?? status.lastState?.terminated?.message ?? "").slice(0, 300);

const optional = (label: string, value: string | undefined): string => (value === undefined ? "" : ` ${label}=${value}`);

/** The pod's phase, reason and Ready condition as an evidence line. */
export function describePod(pod: V1Pod): string {
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready")?.status ?? "-";
  const tail = optional("reason", pod.status?.reason) + optional("node", pod.spec?.nodeName);
  return `pod ${podName(pod)}: phase=${pod.status?.phase ?? "-"} Ready=${ready}${tail}`;
}
