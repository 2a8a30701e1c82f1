import * as fs from "fs";
import * as path from "path";
import { Deployment } from "../../domain";
import type { EventsConfig } from "../../domain/config/events-config";
import { UnknownEventTypeError } from "../../domain/events";
import { createPublisher, flushOutbox, Outbox } from "../../events";
import { backoffDelay } from "../../events/retry";
import { deploymentEnvelopes, ids, tempProject } from "./support/fixtures";
import { expectValidEvents } from "./support/schema";
import { closedPort } from "./support/servers";

const quiet = () => undefined;
const fileConfig: EventsConfig = { sinks: [{ kind: "file", path: ".semantest/events.jsonl" }], publishOnPreview: false };
const readLines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)) : []);

describe("the outbox and the publisher", () => {
  it("appends durably before delivering: with delivery deferred, the outbox holds the events and the file sink nothing yet", async () => {
    const projectDir = tempProject();
    const publisher = createPublisher(fileConfig, { projectDir, stack: "dev", autoDeliver: false });
    const published = publisher.publishSync(deploymentEnvelopes());
    expect(publisher.outbox.read().pending.get("file:.semantest/events.jsonl")!.map((e) => e.id)).toEqual(ids(published));
    expect(readLines(path.join(projectDir, ".semantest/events.jsonl"))).toEqual([]);
    const report = await publisher.close();
    expect(report.delivered).toEqual({ "file:.semantest/events.jsonl": 3 });
    expect(ids(readLines(path.join(projectDir, ".semantest/events.jsonl")))).toEqual(ids(published));
    // Everything settled: the outbox was compacted to nothing.
    expect(new Outbox(publisher.outbox.dir).read()).toMatchObject({ records: 0, pending: new Map() });
  });

  it("wraps domain events in the envelope and chains them by causation across publish calls", async () => {
    const projectDir = tempProject();
    const publisher = createPublisher(fileConfig, { projectDir, stack: "production", onWarning: quiet });
    const at = new Date("2026-11-22T17:00:00Z");
    const deployment = Deployment.request({ id: "01JD0000000000000000000099", stack: "production", environment: "production", components: [{ kind: "websocket", provider: "azure" }], requestedAt: at });
    const [requested] = await publisher.publish(deployment.pullEvents());
    deployment.start(at);
    const [started] = await publisher.publish(deployment.pullEvents());
    deployment.complete(at, { webSocketUrl: "wss://ws.example.com" });
    const [completed] = await publisher.publish(deployment.pullEvents());
    await publisher.close();
    expect([requested.causationId, started.causationId, completed.causationId]).toEqual([null, requested.id, started.id]);
    expect(publisher.lastEventId(deployment.id)).toBe(completed.id);
    const written = readLines(path.join(projectDir, ".semantest/events.jsonl"));
    expect(written.map((e) => e.type)).toEqual(["infrastructure.deployment.requested", "infrastructure.deployment.started", "infrastructure.deployment.completed"]);
    expectValidEvents(written);
  });

  it("publishes nothing to network sinks during a preview unless publishOnPreview is set", async () => {
    const port = await closedPort();
    const sinks = [{ kind: "file" as const, path: "e.jsonl" }, { kind: "http" as const, url: `http://127.0.0.1:${port}/events`, timeoutMs: 100, maxAttempts: 1 }];
    const projectDir = tempProject();
    const preview = createPublisher({ sinks, publishOnPreview: false }, { projectDir, stack: "dev", preview: true, onWarning: quiet });
    await preview.publish(deploymentEnvelopes());
    expect((await preview.close()).pending).toEqual({});
    expect(readLines(path.join(projectDir, "e.jsonl"))).toHaveLength(3);

    const asked = createPublisher({ sinks, publishOnPreview: true }, { projectDir: tempProject(), stack: "dev", preview: true, onWarning: quiet });
    await asked.publish(deploymentEnvelopes());
    expect((await asked.close()).pending).toEqual({ [`http:http://127.0.0.1:${port}/events`]: 3 });
  });

  it("reports events waiting for a sink the config no longer names, without dropping them", async () => {
    const projectDir = tempProject();
    const port = await closedPort();
    const old = createPublisher({ sinks: [{ kind: "http", url: `http://127.0.0.1:${port}/old`, timeoutMs: 100, maxAttempts: 1 }], publishOnPreview: false }, { projectDir, stack: "dev", onWarning: quiet });
    await old.publish(deploymentEnvelopes());
    await old.close();
    const report = await flushOutbox(fileConfig, { projectDir, stack: "dev", onWarning: quiet });
    expect(report.orphaned).toEqual({ [`http:http://127.0.0.1:${port}/old`]: 3 });
    expect(new Outbox(path.join(projectDir, ".semantest/outbox/dev")).read().records).toBe(3);
  });

  it("survives a torn last line (a writer killed mid-write): the next append starts a fresh line and is not lost", () => {
    const outbox = Outbox.forStack(tempProject(), "dev");
    const [first, second] = deploymentEnvelopes();
    outbox.append([first], ["file:x"]);
    fs.appendFileSync(outbox.eventsFile, '{"event":{"id":"01JD');
    outbox.append([second], ["file:x"]);
    const state = outbox.read();
    expect(state.pending.get("file:x")!.map((e) => e.id)).toEqual([first.id, second.id]);
    expect(state.corrupt).toBe(1);
  });

  it("keeps pending records through compaction and drops settled ones", () => {
    const outbox = Outbox.forStack(tempProject(), "dev");
    const events = deploymentEnvelopes();
    outbox.append(events, ["file:a", "http:b"]);
    outbox.acknowledge("file:a", ids(events), "delivered");
    outbox.acknowledge("http:b", [events[0].id], "delivered");
    expect(outbox.compact()).toEqual({ kept: 2, dropped: 1 });
    const state = outbox.read();
    expect(state.pending.get("http:b")!.map((e) => e.id)).toEqual([events[1].id, events[2].id]);
    expect(state.pending.get("file:a")).toBeUndefined();
  });

  it("takes over the lock of a dead process, and waits out a live one", async () => {
    const outbox = Outbox.forStack(tempProject(), "dev");
    fs.mkdirSync(outbox.dir, { recursive: true });
    fs.writeFileSync(outbox.lockFile, "999999999:dead");
    expect(await outbox.withLock(async () => "ran")).toEqual({ value: "ran" });
    fs.writeFileSync(outbox.lockFile, `${process.ppid}:alive`);
    expect(await outbox.withLock(async () => "ran", 50)).toBeUndefined();
    const report = await flushOutbox(fileConfig, { projectDir: path.resolve(outbox.dir, "../../.."), stack: "dev", onWarning: quiet, waitForLockMs: 50 });
    expect(report.skipped ?? "").toMatch(/another process/);
  });

  it("refuses an envelope of an unknown type and a publish after close", async () => {
    const publisher = createPublisher(fileConfig, { projectDir: tempProject(), stack: "dev" });
    const [event] = deploymentEnvelopes();
    expect(() => publisher.publishSync([{ ...event, type: "infrastructure.bogus" as never }])).toThrow(UnknownEventTypeError);
    await publisher.close();
    expect(() => publisher.publishSync([event])).toThrow(/closed/);
  });

  it("backs off exponentially with full jitter, capped", () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, { baseMs: 100, capMs: 1000 }, () => 0.999))).toEqual([99, 199, 399, 799]);
    expect(backoffDelay(10, { baseMs: 100, capMs: 1000 }, () => 0.999)).toBe(999);
    expect(backoffDelay(3, { baseMs: 100, capMs: 1000 }, () => 0)).toBe(0);
  });
});
