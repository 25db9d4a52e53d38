import { describe, expect, it } from "vitest";
import type { IncidentStatus } from "../../crds/index.js";
import { FakeClock } from "../../lib/controller/clock.js";
import type { Incident } from "../../lib/resources.js";
import { EventHub } from "./event-hub.js";
import { attachIncidentEvents, type IncidentWatch } from "./incident-event-source.js";
import { incident, resolvedLifecycle } from "../../test/fixtures/sse-incidents.js";
import { FakeSink } from "./test-sink.js";

type Verb = "add" | "update" | "delete";

/** An informer whose cache and events the test drives. */
class FakeInformer implements IncidentWatch {
  private listener: ((event: Verb, obj: Incident) => void) | undefined;
  constructor(private readonly cached: Incident[] = []) {}
  on(listener: (event: Verb, obj: Incident) => void): void {
    this.listener = listener;
  }
  list(): readonly Incident[] {
    return this.cached;
  }
  emit(event: Verb, obj: Incident): void {
    this.listener!(event, obj);
  }
}

const life = resolvedLifecycle();
const [created, , diagnosed, awaitingApproval, , , , executed, resolved] = life as [IncidentStatus, ...IncidentStatus[]];

function setup(cached: Incident[] = []): { informer: FakeInformer; names: () => string[] } {
  const hub = new EventHub({ clock: new FakeClock(), epoch: "t" });
  const sink = new FakeSink();
  hub.subscribe(sink.options());
  const informer = new FakeInformer(cached);
  attachIncidentEvents(informer, hub);
  return { informer, names: () => sink.events().map((f) => f.event!) };
}

describe("attachIncidentEvents", () => {
  it("publishes each step of a new incident's lifecycle once, in order", () => {
    const { informer, names } = setup();
    informer.emit("add", incident("a", created));
    for (const status of life.slice(1)) informer.emit("update", incident("a", status));
    expect(names()).toEqual([
      "incident_created",
      "diagnosis_completed",
      "proposal_created",
      "approval_requested",
      "execution_completed",
      "incident_resolved",
    ]);
  });

  it("takes incidents cached at attach time as a baseline and publishes only what they add later", () => {
    const { informer, names } = setup([incident("a", awaitingApproval)]);
    informer.emit("add", incident("a", awaitingApproval));
    informer.emit("update", incident("a", executed));
    expect(names()).toEqual(["execution_completed"]);
  });

  it.each([
    ["an add", "add"],
    ["an update", "update"],
  ] as const)("publishes nothing twice when the informer re-sends %s after a restart", (_what, verb) => {
    const { informer, names } = setup();
    informer.emit("add", incident("a", diagnosed));
    informer.emit(verb, incident("a", diagnosed));
    informer.emit(verb, incident("a", resolved));
    informer.emit(verb, incident("a", resolved));
    expect(names()).toEqual([
      "incident_created",
      "diagnosis_completed",
      "proposal_created",
      "approval_requested",
      "execution_completed",
      "incident_resolved",
    ]);
  });

  it("forgets a deleted incident, so one re-created under its name starts afresh", () => {
    const { informer, names } = setup([incident("a", resolved, "uid-1")]);
    informer.emit("delete", incident("a", resolved, "uid-1"));
    informer.emit("add", incident("a", created, "uid-2"));
    expect(names()).toEqual(["incident_created"]);
  });

  it("treats a new uid under a known name as a new incident even when the delete was missed", () => {
    const { informer, names } = setup([incident("a", resolved, "uid-1")]);
    informer.emit("update", incident("a", diagnosed, "uid-2"));
    expect(names()).toEqual(["incident_created", "diagnosis_completed", "proposal_created"]);
  });

  it("ignores the late delete of an older object with the same name", () => {
    const { informer, names } = setup();
    informer.emit("add", incident("a", created, "uid-2"));
    informer.emit("delete", incident("a", resolved, "uid-1"));
    informer.emit("update", incident("a", created, "uid-2"));
    expect(names()).toEqual(["incident_created"]);
  });

  it("keeps incidents of different names apart", () => {
    const { informer, names } = setup([incident("a", created)]);
    informer.emit("add", incident("b", created));
    informer.emit("update", incident("a", diagnosed));
    expect(names()).toEqual(["incident_created", "diagnosis_completed", "proposal_created"]);
  });
});
