#!/usr/bin/env node
/**
 * A stand-in for the `pulumi` executable, for the Automation API adapter tests: it answers the
 * commands LocalWorkspace/Stack run (version, whoami, stack select/init, stack history/output,
 * config, config set-all/rm-all, up, preview, destroy [--preview-only], cancel) from a JSON world file, the way Pulumi
 * 3.200 prints them, and appends every argv to a log. `FAKE_PULUMI_WORLD` names the world file.
 */
"use strict";
const fs = require("fs");

const worldFile = process.env.FAKE_PULUMI_WORLD;
const world = worldFile ? JSON.parse(fs.readFileSync(worldFile, "utf8")) : { stacks: {} };
const args = process.argv.slice(2).filter((a) => a !== "--non-interactive");
world.log = [...(world.log || []), args];
const save = () => worldFile && fs.writeFileSync(worldFile, JSON.stringify(world, null, 2));
save();

const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const fail = (message) => {
  process.stderr.write(`error: ${message}\n`);
  process.exit(255);
};
const print = (value) => process.stdout.write(JSON.stringify(value, null, 4) + "\n");
const stackOf = () => {
  const name = flag("--stack") || world.selected;
  const stack = world.stacks[name];
  if (!stack) fail(`no stack named '${name}' found`);
  return stack;
};

const [cmd, sub] = args;
if (cmd === "version") {
  process.stdout.write(`${world.version || "v3.200.0"}\n`);
} else if (cmd === "whoami") {
  if (world.loggedOut) fail("PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions");
  print({ user: "ada", organizations: ["semantest"], url: "https://app.pulumi.com/ada" });
} else if (cmd === "stack" && sub === "select") {
  stackOf();
  world.selected = flag("--stack");
  save();
} else if (cmd === "stack" && sub === "init") {
  const name = args[2];
  if (world.stacks[name]) fail(`stack '${name}' already exists`);
  world.stacks[name] = { config: {}, history: [], outputs: {} };
  world.selected = name;
  save();
} else if (cmd === "stack" && sub === "history") {
  const stack = stackOf();
  const size = Number(flag("--page-size") || 0);
  print(size ? stack.history.slice(0, size) : stack.history);
} else if (cmd === "stack" && sub === "output") {
  const stack = stackOf();
  const shown = {};
  for (const [k, v] of Object.entries(stack.outputs || {})) shown[k] = args.includes("--show-secrets") || !(stack.secretOutputs || []).includes(k) ? v : "[secret]";
  print(shown);
} else if (cmd === "config" && sub === "set-all") {
  const stack = stackOf();
  const json = JSON.parse(flag("--json"));
  for (const [k, v] of Object.entries(json)) stack.config[k] = v;
  save();
} else if (cmd === "config" && sub === "rm-all") {
  const stack = stackOf();
  for (const key of args.slice(2).filter((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--stack")) delete stack.config[key];
  save();
} else if (cmd === "config") {
  print(stackOf().config);
} else if (cmd === "up" || cmd === "preview") {
  const stack = stackOf();
  if (stack.lockedBy) fail(`[409] Conflict: Another update is currently in progress.\n  ${stack.lockedBy}`);
  const log = flag("--event-log");
  const events = (cmd === "up" ? stack.upEvents : stack.previewEvents) || [];
  if (log) fs.appendFileSync(log, events.map((e, i) => JSON.stringify({ sequence: i, timestamp: 0, ...e }) + "\n").join(""));
  const finish = () => {
    if (stack.failUp && cmd === "up") fail(stack.failUp);
    if (cmd === "up") {
      const version = Math.max(0, ...stack.history.map((u) => u.version)) + 1;
      const config = {};
      for (const [k, v] of Object.entries(stack.config)) config[k] = v;
      stack.history.unshift({ version, kind: "update", startTime: "2026-11-22T18:00:00.000Z", message: flag("--message") || "", environment: { "exec.kind": "auto.local" }, config, result: "succeeded", endTime: "2026-11-22T18:00:30.000Z", resourceChanges: { update: 1 } });
      stack.outputs = stack.nextOutputs || stack.outputs;
      save();
    }
    process.stdout.write(cmd === "preview" ? JSON.stringify({}) : "Update succeeded\n");
  };
  if (stack.hangUp && cmd === "up") {
    // A long update: Pulumi stops it on SIGINT (Ctrl-C) after in-flight operations.
    process.on("SIGINT", () => {
      const now = JSON.parse(fs.readFileSync(worldFile, "utf8"));
      now.interrupted = (now.interrupted || 0) + 1;
      fs.writeFileSync(worldFile, JSON.stringify(now, null, 2));
      fail("update canceled");
    });
    setInterval(() => undefined, 1000);
  } else {
    // Leave the Automation API's event-log tail (200 ms poll) time to read the events.
    setTimeout(finish, log ? 700 : 0);
  }
} else if (cmd === "destroy") {
  const stack = stackOf();
  if (stack.lockedBy) fail(`[409] Conflict: Another update is currently in progress.\n  ${stack.lockedBy}`);
  const log = flag("--event-log");
  if (log) fs.appendFileSync(log, JSON.stringify({ sequence: 0, timestamp: 0, summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges: { delete: 3 }, PolicyPacks: {} } }) + "\n");
  if (!args.includes("--preview-only")) {
    const version = Math.max(0, ...stack.history.map((u) => u.version)) + 1;
    stack.history.unshift({ version, kind: "destroy", startTime: "2026-11-22T19:00:00.000Z", message: flag("--message") || "", environment: { "exec.kind": "auto.local" }, config: { ...stack.config }, result: "succeeded", endTime: "2026-11-22T19:00:30.000Z", resourceChanges: { delete: 3 } });
    stack.outputs = {};
    save();
  }
  process.stdout.write(args.includes("--preview-only") ? JSON.stringify({}) : "Destroy succeeded\n");
} else if (cmd === "cancel") {
  world.cancelled = (world.cancelled || 0) + 1;
  save();
} else {
  fail(`fake pulumi: unsupported command ${JSON.stringify(args)}`);
}
