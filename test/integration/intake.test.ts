/**
 * Alert intake against a real apiserver: ids, parsed fields, dedupe within the
 * window, recovery, many receivers at once, and claims left behind by a crash.
 */
import { CoordinationV1Api, V1MicroTime } from "@kubernetes/client-node";
import { beforeAll, describe, expect, it } from "vitest";
import { KindClient } from "../../lib/kube/kind-client.js";
import { alertsReceivedTotal } from "../../lib/metrics.js";
import { INCIDENTS, type Incident, type IncidentInput } from "../../lib/resources.js";
import { FINGERPRINT_LABEL } from "../../lib/intake/build-incident.js";
import { claimLeaseName } from "../../lib/intake/dedupe-claim.js";
import { fingerprint } from "../../lib/intake/fingerprint.js";
import { dayOf, formatIncidentId, parseIncidentId } from "../../lib/intake/incident-id.js";
import { createIntake, IntakeValidationError, type AlertInput, type Intake } from "../../lib/intake/intake.js";
import { parseAlert } from "../../lib/intake/parse-alert.js";
import { adminKube, createNamespace } from "./helpers.js";

const MINUTE = 60_000;
const CRASH_LOOP = "[告警] Pod CrashLoopBackOff\n服务: user-service\n命名空间: production";
const CRASH_LOOP_RECOVERED = "[恢复] Pod CrashLoopBackOff\n服务: user-service\n命名空间: production";

const fingerprintOf = (message: string): string => fingerprint(parseAlert(message));
const incidentsIn = (ns: string): KindClient<Incident, IncidentInput> => new KindClient(adminKube(), INCIDENTS, ns);
const fixedClock = (at: Date): (() => Date) => () => new Date(at.getTime());

async function withFingerprint(ns: string, message: string): Promise<Incident[]> {
  return (await incidentsIn(ns).list(`${FINGERPRINT_LABEL}=${fingerprintOf(message)}`)).items;
}

async function rejectionOf(call: Promise<unknown>): Promise<IntakeValidationError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof IntakeValidationError) return err;
    throw err;
  }
  throw new Error("the alert was expected to be rejected");
}

async function createdCount(): Promise<number> {
  return (await alertsReceivedTotal.get()).values.find((v) => v.labels.outcome === "created")?.value ?? 0;
}

/** Writes a claim Lease the way a receiver would, as if it had crashed right after claiming. */
async function leaveClaim(ns: string, fp: string, incidentName: string, claimedAt: Date): Promise<void> {
  await adminKube()
    .makeApiClient(CoordinationV1Api)
    .createNamespacedLease({
      namespace: ns,
      body: {
        metadata: { name: claimLeaseName(fp) },
        spec: { holderIdentity: incidentName, renewTime: new V1MicroTime(claimedAt.getTime()), acquireTime: new V1MicroTime(claimedAt.getTime()) },
      },
    });
}

describe("one receiver", () => {
  let ns = "";
  let intake: Intake;
  let firstId = "";

  beforeAll(async () => {
    ns = await createNamespace("intake");
    intake = createIntake({ kc: adminKube(), namespace: ns });
  });

  it("the reference's Chinese alert creates INC-<today>-001 with the parsed fields", async () => {
    const createdBefore = await createdCount();
    const dayBefore = dayOf(new Date());
    const result = await intake.receive({ message: CRASH_LOOP, sender_id: "alert_bot", chat_id: "oc_abc", timestamp: "2026-01-15T10:30:00Z" });
    const dayAfter = dayOf(new Date());

    expect(result.outcome).toBe("created");
    expect(result.occurrences).toBe(1);
    expect([formatIncidentId(dayBefore, 1), formatIncidentId(dayAfter, 1)]).toContain(result.incidentId);
    firstId = result.incidentId;

    const incident = await incidentsIn(ns).get(firstId.toLowerCase());
    expect(incident.spec).toMatchObject({
      id: firstId,
      title: "Pod CrashLoopBackOff",
      severity: "high",
      category: "kubernetes",
      source: "alert_bot",
      fingerprint: fingerprintOf(CRASH_LOOP),
      occurrences: 1,
      alert: { message: CRASH_LOOP, source: "alert_bot", chatId: "oc_abc", alertName: "Pod CrashLoopBackOff" },
      target: { kind: "Service", name: "user-service", namespace: "production", service: "user-service" },
    });
    expect(incident.spec.firstSeen).toBe(incident.spec.lastSeen);
    expect(incident.spec.recoveredAt).toBeUndefined();
    expect(incident.metadata.labels).toMatchObject({
      "kubefix.io/fingerprint": fingerprintOf(CRASH_LOOP),
      "kubefix.io/severity": "high",
      "kubefix.io/date": parseIncidentId(firstId)!.day,
    });
    expect(incident.metadata.annotations?.["kubefix.io/alert-timestamp"]).toBe("2026-01-15T10:30:00Z");
    // Intake writes spec and metadata only; status belongs to the operator.
    expect(incident.status).toBeUndefined();
    expect(await createdCount()).toBe(createdBefore + 1);
  });

  it("a second, different alert gets the next number", async () => {
    const result = await intake.receive({ message: "[告警] 节点不可用\n节点: worker-3\n严重程度: 紧急" });
    expect(result.outcome).toBe("created");
    const { day, sequence } = parseIncidentId(firstId)!;
    expect(result.incidentId).toBe(formatIncidentId(day, sequence + 1));
    const incident = await incidentsIn(ns).get(result.incidentId.toLowerCase());
    expect(incident.spec).toMatchObject({ severity: "critical", target: { kind: "Node", name: "worker-3" } });
  });

  it("the same alert again within the window counts on the first incident", async () => {
    const before = await incidentsIn(ns).get(firstId.toLowerCase());
    const result = await intake.receive({ message: CRASH_LOOP });
    expect(result).toEqual({ incidentId: firstId, outcome: "deduplicated", occurrences: 2 });

    const after = await incidentsIn(ns).get(firstId.toLowerCase());
    expect(after.spec.occurrences).toBe(2);
    expect(Date.parse(after.spec.lastSeen)).toBeGreaterThan(Date.parse(before.spec.lastSeen));
    expect(after.spec.firstSeen).toBe(before.spec.firstSeen);
    expect(await withFingerprint(ns, CRASH_LOOP)).toHaveLength(1);
  });

  it("a recovery alert sets recoveredAt on the open incident", async () => {
    expect(fingerprintOf(CRASH_LOOP_RECOVERED)).toBe(fingerprintOf(CRASH_LOOP));
    const result = await intake.receive({ message: CRASH_LOOP_RECOVERED });
    expect(result).toEqual({ incidentId: firstId, outcome: "recovered", occurrences: 2 });

    const incident = await incidentsIn(ns).get(firstId.toLowerCase());
    expect(incident.spec.recoveredAt).toBeDefined();
    expect(incident.spec.lastSeen).toBe(incident.spec.recoveredAt);
    expect(await withFingerprint(ns, CRASH_LOOP)).toHaveLength(1);
  });

  it("a repeat after the recovery counts on the incident again and clears recoveredAt", async () => {
    const result = await intake.receive({ message: CRASH_LOOP });
    expect(result).toEqual({ incidentId: firstId, outcome: "deduplicated", occurrences: 3 });
    const incident = await incidentsIn(ns).get(firstId.toLowerCase());
    expect(incident.spec.recoveredAt).toBeUndefined();
  });

  it("a recovery alert without an open incident creates nothing", async () => {
    const message = "[恢复] Redis 缓存命中率低\n服务: cache-7";
    const result = await intake.receive({ message });
    expect(result).toEqual({ incidentId: "", outcome: "recovered", occurrences: 0 });
    expect(await withFingerprint(ns, message)).toHaveLength(0);
  });

  it.each<[string, AlertInput, string]>([
    ["an empty message", { message: "" }, "message"],
    ["an over-long message", { message: "x".repeat(16_385) }, "message"],
    ["a timestamp that is not ISO 8601", { message: "[告警] disk full", timestamp: "15/01/2026 10:30" }, "timestamp"],
  ])("rejects %s with IntakeValidationError naming %s, and writes nothing", async (_what, input, field) => {
    const countBefore = (await incidentsIn(ns).list()).items.length;
    const err = await rejectionOf(intake.receive(input));
    expect(err.issues.map((issue) => issue.field)).toEqual([field]);
    expect((await incidentsIn(ns).list()).items).toHaveLength(countBefore);
  });
});

describe("many receivers at once", () => {
  let ns = "";
  const at = new Date();
  const receivers = (count: number): Intake[] =>
    Array.from({ length: count }, () => createIntake({ kc: adminKube(), namespace: ns, clock: fixedClock(at) }));

  beforeAll(async () => {
    ns = await createNamespace("intake-race");
  });

  it("50 copies of one alert through 5 receivers make exactly one incident with 50 occurrences", async () => {
    const intakes = receivers(5);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => intakes[i % intakes.length]!.receive({ message: CRASH_LOOP })),
    );

    const incidents = await withFingerprint(ns, CRASH_LOOP);
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident!.spec.occurrences).toBe(50);
    expect(incident!.spec.id).toBe(formatIncidentId(dayOf(at), 1));
    expect(new Set(results.map((r) => r.incidentId))).toEqual(new Set([incident!.spec.id]));
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "deduplicated")).toHaveLength(49);
    // Every receiver saw its own write land: the counts it got back are 1..50, each once.
    expect(results.map((r) => r.occurrences).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));

    const lease = await adminKube()
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ namespace: ns, name: claimLeaseName(fingerprintOf(CRASH_LOOP)) });
    expect(lease.spec?.holderIdentity).toBe(incident!.metadata.name);
  });

  it("20 different alerts at once make 20 incidents with distinct, consecutive ids", async () => {
    const intakes = receivers(4);
    const messages = Array.from({ length: 20 }, (_, i) => `[告警] Pod OOMKilled\n服务: worker-${i}\n命名空间: batch`);
    expect(new Set(messages.map(fingerprintOf)).size).toBe(20);

    const results = await Promise.all(messages.map((message, i) => intakes[i % intakes.length]!.receive({ message })));
    expect(results.every((r) => r.outcome === "created" && r.occurrences === 1)).toBe(true);

    const day = dayOf(at);
    const ids = (await incidentsIn(ns).list()).items
      .filter((item) => item.spec.title === "Pod OOMKilled")
      .map((item) => item.spec.id);
    expect(ids).toHaveLength(20);
    // Sequence 1 is the CrashLoopBackOff incident of the test before.
    const expected = Array.from({ length: 20 }, (_, i) => formatIncidentId(day, i + 2));
    expect([...ids].sort()).toEqual(expected);
    expect(results.map((r) => r.incidentId).sort()).toEqual(expected);

    for (const [i, message] of messages.entries()) {
      const incidents = await withFingerprint(ns, message);
      expect(incidents.map((item) => item.spec.id)).toEqual([results[i]!.incidentId]);
    }
  });
});

describe("the dedupe window and closed incidents", () => {
  let ns = "";
  const start = new Date();

  beforeAll(async () => {
    ns = await createNamespace("intake-window");
  });

  it("a repeat just inside the window counts; one a window after the last repeat opens a new incident", async () => {
    const receiveAt = (at: Date): ReturnType<Intake["receive"]> =>
      createIntake({ kc: adminKube(), namespace: ns, clock: fixedClock(at) }).receive({ message: CRASH_LOOP });

    const first = await receiveAt(start);
    expect(first.outcome).toBe("created");

    const inside = await receiveAt(new Date(start.getTime() + 29 * MINUTE));
    expect(inside).toEqual({ incidentId: first.incidentId, outcome: "deduplicated", occurrences: 2 });

    const afterWindow = new Date(start.getTime() + (29 + 31) * MINUTE);
    const outside = await receiveAt(afterWindow);
    expect(outside.outcome).toBe("created");
    expect(outside.occurrences).toBe(1);
    expect(outside.incidentId).not.toBe(first.incidentId);
    expect(parseIncidentId(outside.incidentId)?.day).toBe(dayOf(afterWindow));

    const incidents = await withFingerprint(ns, CRASH_LOOP);
    expect(incidents.map((item) => [item.spec.id, item.spec.occurrences]).sort()).toEqual(
      [[first.incidentId, 2], [outside.incidentId, 1]].sort(),
    );
  });

  it("an alert matching a resolved incident opens a new one", async () => {
    const intake = createIntake({ kc: adminKube(), namespace: ns });
    const message = "[告警] 数据库连接数过高\n规则: MysqlTooManyConnections\n服务: mysql-primary";
    const first = await intake.receive({ message });
    expect(first.outcome).toBe("created");
    await incidentsIn(ns).patchStatus(first.incidentId.toLowerCase(), { status: { phase: "resolved" } });

    const second = await intake.receive({ message });
    expect(second.outcome).toBe("created");
    expect(second.incidentId).not.toBe(first.incidentId);

    const closed = await incidentsIn(ns).get(first.incidentId.toLowerCase());
    expect(closed.spec.occurrences).toBe(1);
    expect(closed.status?.phase).toBe("resolved");

    // The next repeat goes to the new, open incident.
    const third = await intake.receive({ message });
    expect(third).toEqual({ incidentId: second.incidentId, outcome: "deduplicated", occurrences: 2 });
  });

  it("a recovery alert ignores the resolved incident when no open one is left", async () => {
    const message = "[告警] Pod OOMKilled\n服务: billing\n命名空间: shop";
    const intake = createIntake({ kc: adminKube(), namespace: ns });
    const fired = await intake.receive({ message });
    await incidentsIn(ns).patchStatus(fired.incidentId.toLowerCase(), { status: { phase: "resolved" } });

    const result = await intake.receive({ message: message.replace("[告警]", "[恢复]") });
    expect(result).toEqual({ incidentId: "", outcome: "recovered", occurrences: 0 });
    expect((await incidentsIn(ns).get(fired.incidentId.toLowerCase())).spec.recoveredAt).toBeUndefined();
  });
});

describe("claims left behind", () => {
  let ns = "";

  beforeAll(async () => {
    ns = await createNamespace("intake-claim");
  });

  it("a claim whose claimant died before creating the incident is taken over after the grace period", async () => {
    const message = "[告警] Pod CrashLoopBackOff\n服务: orphan-a\n命名空间: production";
    const now = new Date();
    const orphanName = formatIncidentId(dayOf(now), 1).toLowerCase();
    await leaveClaim(ns, fingerprintOf(message), orphanName, now);

    const intake = createIntake({ kc: adminKube(), namespace: ns, claimGraceMs: 1_000 });
    const result = await intake.receive({ message });
    expect(result).toEqual({ incidentId: orphanName.toUpperCase(), outcome: "created", occurrences: 1 });
    expect(await withFingerprint(ns, message)).toHaveLength(1);
  });

  it("a claim older than the window whose incident is gone gets a fresh id", async () => {
    const message = "[告警] Pod CrashLoopBackOff\n服务: orphan-b\n命名空间: production";
    const now = new Date();
    const goneName = formatIncidentId(dayOf(now), 900).toLowerCase();
    await leaveClaim(ns, fingerprintOf(message), goneName, new Date(now.getTime() - 60 * MINUTE));

    const result = await createIntake({ kc: adminKube(), namespace: ns }).receive({ message });
    expect(result.outcome).toBe("created");
    expect(result.incidentId).toBe(formatIncidentId(dayOf(now), 2));
  });

  it("a claim naming an id another alert took gets the next free id", async () => {
    const message = "[告警] Pod CrashLoopBackOff\n服务: orphan-c\n命名空间: production";
    const now = new Date();
    // inc-...-001 belongs to the orphan-a alert of the first test.
    await leaveClaim(ns, fingerprintOf(message), formatIncidentId(dayOf(now), 1).toLowerCase(), now);

    const result = await createIntake({ kc: adminKube(), namespace: ns }).receive({ message });
    expect(result).toEqual({ incidentId: formatIncidentId(dayOf(now), 3), outcome: "created", occurrences: 1 });
    const orphanA = await incidentsIn(ns).get(formatIncidentId(dayOf(now), 1).toLowerCase());
    expect(orphanA.spec.occurrences).toBe(1);
  });
});
