/**
 * Installs the decisions ValidatingAdmissionPolicy (crds/decision-admission.ts)
 * on the test control plane and waits until the apiserver enforces it: a
 * policy is compiled asynchronously, so "created" is not yet "in force".
 */
import { AdmissionregistrationV1Api, type KubeConfig, type V1ValidatingAdmissionPolicy, type V1ValidatingAdmissionPolicyBinding } from "@kubernetes/client-node";
import { decisionPolicy, decisionPolicyBinding, KUBECTL_BY_RULE } from "../../crds/decision-admission.js";
import { API_VERSION, INCIDENTS } from "../../lib/resources.js";
import { apiErrorMessage, isApiStatus } from "../../lib/kube/client.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import type { IncidentInput } from "../../lib/resources.js";
import { sleep } from "./processes.js";

type Named = { metadata?: { name?: string; resourceVersion?: string } };

async function createOrReplace<T extends Named>(
  body: T,
  ops: { create: (body: T) => Promise<unknown>; read: (name: string) => Promise<T>; replace: (name: string, body: T) => Promise<unknown> },
): Promise<void> {
  try {
    await ops.create(body);
  } catch (err) {
    if (!isApiStatus(err, 409)) throw err;
    const name = body.metadata?.name ?? "";
    const current = await ops.read(name);
    await ops.replace(name, { ...body, metadata: { ...body.metadata, resourceVersion: current.metadata?.resourceVersion } });
  }
}

/** An incident whose kubectl decision names someone other than any caller: the policy must refuse it. */
function probeIncident(): IncidentInput {
  const at = "2026-01-15T10:30:00Z";
  return {
    apiVersion: API_VERSION,
    kind: "Incident",
    metadata: { name: "inc-20260115-999" },
    spec: {
      id: "INC-20260115-999",
      title: "admission probe",
      severity: "info",
      fingerprint: "admission-probe",
      alert: { message: "probe", receivedAt: at },
      firstSeen: at,
      lastSeen: at,
      decisions: [{ action: "approve", by: "nobody-is-called-this", via: "kubectl", at }],
    },
  };
}

/** Installs the policy and its binding with `writers` as kubefix's identities; resolves once it is enforced. */
export async function installDecisionAdmission(kc: KubeConfig, writers: readonly string[], timeoutMs = 30_000): Promise<void> {
  const api = kc.makeApiClient(AdmissionregistrationV1Api);
  await createOrReplace(decisionPolicy({ writers }) as V1ValidatingAdmissionPolicy, {
    create: (body) => api.createValidatingAdmissionPolicy({ body }),
    read: (name) => api.readValidatingAdmissionPolicy({ name }),
    replace: (name, body) => api.replaceValidatingAdmissionPolicy({ name, body }),
  });
  await createOrReplace(decisionPolicyBinding() as V1ValidatingAdmissionPolicyBinding, {
    create: (body) => api.createValidatingAdmissionPolicyBinding({ body }),
    read: (name) => api.readValidatingAdmissionPolicyBinding({ name }),
    replace: (name, body) => api.replaceValidatingAdmissionPolicyBinding({ name, body }),
  });
  const probe = new KindClient(kc, INCIDENTS, "default");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await probe.create(probeIncident(), true).then(
      () => "accepted",
      (err: unknown) => apiErrorMessage(err),
    );
    if (outcome.includes(KUBECTL_BY_RULE)) return;
    if (Date.now() > deadline) throw new Error(`the decisions admission policy is not enforced after ${timeoutMs} ms (probe: ${outcome})`);
    await sleep(200);
  }
}
