/**
 * Per-fingerprint claims: a coordination.k8s.io/v1 Lease `kubefix-dedupe-<fingerprint>`
 * whose holderIdentity names the Incident that alerts of that fingerprint go to. The
 * apiserver's create-or-409 and resourceVersion checks make one receiver win every change.
 */
import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from "@kubernetes/client-node";
import { isApiStatus } from "../kube/client.js";
import { FINGERPRINT_LABEL } from "./build-incident.js";

/** The claim of one fingerprint as last read or written. */
export interface DedupeClaim {
  fingerprint: string;
  /** The Incident resource name that alerts of the fingerprint go to. */
  incidentName: string;
  /** When the claim last changed hands; undefined if the Lease carries no time. */
  claimedAt: Date | undefined;
  resourceVersion: string;
  transitions: number;
}

/** The name of the Lease holding a fingerprint's claim. */
export function claimLeaseName(fingerprint: string): string {
  return `kubefix-dedupe-${fingerprint}`;
}

/** Reads and writes the claims of one namespace; every write loses (undefined) rather than overwrites. */
export class DedupeClaims {
  private readonly api: CoordinationV1Api;

  constructor(
    kc: KubeConfig,
    readonly namespace: string,
    private readonly graceMs: number,
  ) {
    this.api = kc.makeApiClient(CoordinationV1Api);
  }

  /** The current claim, or undefined when the fingerprint has none. */
  async read(fingerprint: string): Promise<DedupeClaim | undefined> {
    try {
      const lease = await this.api.readNamespacedLease({ namespace: this.namespace, name: claimLeaseName(fingerprint) });
      return toClaim(fingerprint, lease);
    } catch (err) {
      if (isApiStatus(err, 404)) return undefined;
      throw err;
    }
  }

  /** Deletes the claim if it still points at `incidentName` (the incident is being deleted); true when deleted. */
  async release(fingerprint: string, incidentName: string): Promise<boolean> {
    const claim = await this.read(fingerprint);
    if (!claim || claim.incidentName !== incidentName) return false;
    const deleted = await this.lost([404, 409], async () => {
      await this.api.deleteNamespacedLease({
        namespace: this.namespace,
        name: claimLeaseName(fingerprint),
        body: { preconditions: { resourceVersion: claim.resourceVersion } },
      });
      return true;
    });
    return deleted === true;
  }

  /** Claims an unclaimed fingerprint for `incidentName`; undefined when another receiver claimed it first. */
  async create(fingerprint: string, incidentName: string, at: Date): Promise<DedupeClaim | undefined> {
    const body = this.lease(fingerprint, incidentName, at, 0);
    return this.lost([409], async () => toClaim(fingerprint, await this.api.createNamespacedLease({ namespace: this.namespace, body })));
  }

  /** Points `claim` at `incidentName`; undefined when the claim changed or vanished since it was read. */
  async move(claim: DedupeClaim, incidentName: string, at: Date): Promise<DedupeClaim | undefined> {
    const body = this.lease(claim.fingerprint, incidentName, at, claim.transitions + 1);
    body.metadata = { ...body.metadata, resourceVersion: claim.resourceVersion };
    const name = claimLeaseName(claim.fingerprint);
    return this.lost([404, 409], async () =>
      toClaim(claim.fingerprint, await this.api.replaceNamespacedLease({ namespace: this.namespace, name, body })),
    );
  }

  private async lost<T>(codes: readonly number[], write: () => Promise<T>): Promise<T | undefined> {
    try {
      return await write();
    } catch (err) {
      if (codes.some((code) => isApiStatus(err, code))) return undefined;
      throw err;
    }
  }

  private lease(fingerprint: string, incidentName: string, at: Date, transitions: number): V1Lease {
    return {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: claimLeaseName(fingerprint), namespace: this.namespace, labels: { [FINGERPRINT_LABEL]: fingerprint } },
      spec: {
        holderIdentity: incidentName,
        // Informational for humans reading the Lease; the grace is enforced by the receivers.
        leaseDurationSeconds: Math.max(1, Math.ceil(this.graceMs / 1000)),
        // MicroTime serialises with six fractional digits, which the apiserver's MicroTime parser requires.
        acquireTime: new V1MicroTime(at.getTime()),
        renewTime: new V1MicroTime(at.getTime()),
        leaseTransitions: transitions,
      },
    };
  }
}

function toClaim(fingerprint: string, lease: V1Lease): DedupeClaim {
  const spec = lease.spec ?? {};
  return {
    fingerprint,
    incidentName: spec.holderIdentity ?? "",
    claimedAt: timeOf(spec.renewTime),
    resourceVersion: lease.metadata?.resourceVersion ?? "",
    transitions: spec.leaseTransitions ?? 0,
  };
}

function timeOf(value: V1MicroTime | undefined): Date | undefined {
  if (value === undefined) return undefined;
  // The client hands MicroTime back as the wire string, whatever its declared type says; Date reads both.
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}
