/** What the readiness and liveness rules share: probe descriptions and the fix they propose. */
import type { V1Pod, V1Probe } from "@kubernetes/client-node";
import { podName } from "../facts/pods.js";
import { rollbackFix } from "./rollback-fix.js";

/** How much a rollout that changed the image raises a probe match: the new version is the suspect. */
export const ROLLOUT_BONUS = 0.15;

function probeTarget(probe: V1Probe): string {
  if (probe.httpGet !== undefined) return `httpGet ${probe.httpGet.path ?? "/"}:${String(probe.httpGet.port)}`;
  if (probe.tcpSocket !== undefined) return `tcpSocket :${String(probe.tcpSocket.port)}`;
  return probe.exec === undefined ? "grpc" : "exec";
}

/** The pods' probes of one kind as evidence lines, e.g. "pod web-1 container app readinessProbe: httpGet /ready:8080 ...". */
export function describeProbes(pods: V1Pod[], kind: "readinessProbe" | "livenessProbe"): string[] {
  const pod = pods[0];
  if (pod === undefined) return [];
  return (pod.spec?.containers ?? []).flatMap((c) => {
    const probe = c[kind];
    if (probe === undefined) return [];
    const timing = `initialDelaySeconds=${probe.initialDelaySeconds ?? 0} periodSeconds=${probe.periodSeconds ?? 10} timeoutSeconds=${probe.timeoutSeconds ?? 1} failureThreshold=${probe.failureThreshold ?? 3}`;
    return [`pod ${podName(pod)} container ${c.name} ${kind}: ${probeTarget(probe)} ${timing}`];
  });
}

/** The fix for a failing probe: roll back an image change that brought it, else (unless refused) restart the Deployment. */
export const probeFix = rollbackFix;
