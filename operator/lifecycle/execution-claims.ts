/**
 * Execution claims in the cluster: one coordination.k8s.io/v1 Lease per
 * written object (named by execution-claim-decision.ts), holder = the
 * incident running a step on it. Like the dedupe claims, every contended
 * write is decided by the apiserver (create-or-409, resourceVersion), so
 * across workers and replicas exactly one incident holds an object.
 */
import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from "@kubernetes/client-node";
import { isApiStatus } from "../../lib/kube/client.js";
import { claimLeaseName, decideClaim, type ClaimView } from "./execution-claim-decision.js";

/** The incident holding a claim, as a label, so an incident's claims can be listed and released. */
export const CLAIM_HOLDER_LABEL = "kubefix.io/execution-claim-holder";
/** The object key a claim is for (the Lease name is only its hash). */
export const CLAIMED_OBJECT_ANNOTATION = "kubefix.io/written-object";

/** A claim this process holds. */
export interface HeldClaim {
  key: string;
  holder: string;
  durationMs: number;
  resourceVersion: string;
}

export type ClaimResult = { held: true; claim: HeldClaim } | { held: false; holder: string; retryAfterMs: number };

/** Reads and writes the execution claims of the install namespace. */
export class ExecutionClaims {
  private readonly api: CoordinationV1Api;

  constructor(kc: KubeConfig, readonly namespace: string) {
    this.api = kc.makeApiClient(CoordinationV1Api);
  }

  /** Claims object `key` for incident `holder`; when another incident holds it, says who and when to look again. */
  async acquire(key: string, holder: string, durationMs: number, now: Date): Promise<ClaimResult> {
    const lease = await this.read(key);
    const decision = decideClaim(lease && viewOf(lease), holder, now);
    if (decision.kind === "wait") return { held: false, holder: decision.holder, retryAfterMs: decision.retryAfterMs };
    const body = this.lease(key, holder, durationMs, now);
    const written = await this.lostOn409(() =>
      decision.kind === "create"
        ? this.api.createNamespacedLease({ namespace: this.namespace, body })
        : this.replace(key, body, decision.resourceVersion),
    );
    // Another worker or replica changed it between our read and write: it won; look again shortly.
    if (written === undefined) return { held: false, holder: "(changed concurrently)", retryAfterMs: 250 };
    return { held: true, claim: { key, holder, durationMs, resourceVersion: written.metadata?.resourceVersion ?? "" } };
  }

  /** Extends a held claim from `now`; undefined when it is no longer ours (it lapsed and was taken over). */
  async renew(claim: HeldClaim, now: Date): Promise<HeldClaim | undefined> {
    const body = this.lease(claim.key, claim.holder, claim.durationMs, now);
    const written = await this.lostOn409(() => this.replace(claim.key, body, claim.resourceVersion));
    return written && { ...claim, resourceVersion: written.metadata?.resourceVersion ?? "" };
  }

  /** Deletes the claim if it is still ours as last written; true when deleted. */
  async release(claim: HeldClaim): Promise<boolean> {
    const name = claimLeaseName(claim.key);
    const body = { preconditions: { resourceVersion: claim.resourceVersion } };
    const deleted = await this.lostOn409(() => this.api.deleteNamespacedLease({ namespace: this.namespace, name, body }));
    return deleted !== undefined;
  }

  /** Deletes every claim `holder` still holds (the incident ended or is being deleted); returns how many. */
  async releaseAllOf(holder: string): Promise<number> {
    const list = await this.api.listNamespacedLease({ namespace: this.namespace, labelSelector: `${CLAIM_HOLDER_LABEL}=${holder}` });
    let released = 0;
    for (const lease of list.items) {
      const name = lease.metadata?.name ?? "";
      const body = { preconditions: { resourceVersion: lease.metadata?.resourceVersion ?? "" } };
      const deleted = await this.lostOn409(() => this.api.deleteNamespacedLease({ namespace: this.namespace, name, body }));
      if (deleted !== undefined) released++;
    }
    return released;
  }

  private async read(key: string): Promise<V1Lease | undefined> {
    try {
      return await this.api.readNamespacedLease({ namespace: this.namespace, name: claimLeaseName(key) });
    } catch (err) {
      if (isApiStatus(err, 404)) return undefined;
      throw err;
    }
  }

  private replace(key: string, body: V1Lease, resourceVersion: string): Promise<V1Lease> {
    body.metadata = { ...body.metadata, resourceVersion };
    return this.api.replaceNamespacedLease({ namespace: this.namespace, name: claimLeaseName(key), body });
  }

  /** Runs a contended write; undefined when it lost (409, or 404: the claim vanished meanwhile). */
  private async lostOn409<T>(write: () => Promise<T>): Promise<T | undefined> {
    try {
      return await write();
    } catch (err) {
      if (isApiStatus(err, 409) || isApiStatus(err, 404)) return undefined;
      throw err;
    }
  }

  private lease(key: string, holder: string, durationMs: number, now: Date): V1Lease {
    return {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: {
        name: claimLeaseName(key),
        namespace: this.namespace,
        labels: { [CLAIM_HOLDER_LABEL]: holder, "app.kubernetes.io/part-of": "kubefix", "app.kubernetes.io/component": "execution-claim" },
        annotations: { [CLAIMED_OBJECT_ANNOTATION]: key },
      },
      spec: {
        holderIdentity: holder,
        leaseDurationSeconds: Math.max(1, Math.ceil(durationMs / 1000)),
        // MicroTime serialises with six fractional digits, which the apiserver's MicroTime parser requires.
        acquireTime: new V1MicroTime(now.getTime()),
        renewTime: new V1MicroTime(now.getTime()),
      },
    };
  }
}

function viewOf(lease: V1Lease): ClaimView {
  const spec = lease.spec ?? {};
  // The client hands MicroTime back as the wire string, whatever its declared type says; Date reads both.
  const renewed = spec.renewTime === undefined ? undefined : new Date(spec.renewTime);
  return {
    holder: spec.holderIdentity ?? "",
    renewedAt: renewed && !Number.isNaN(renewed.getTime()) ? renewed : undefined,
    durationMs: (spec.leaseDurationSeconds ?? 0) * 1000,
    resourceVersion: lease.metadata?.resourceVersion ?? "",
  };
}
