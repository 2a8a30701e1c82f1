/**
 * `semantest-iac events flush`: what a run could not deliver goes out on the next flush, once each,
 * through the real command (in-process, with a temporary project directory).
 */
import * as fs from "fs";
import * as path from "path";
import { run } from "../../cli/main";
import { createPublisher } from "../../events";
import { deploymentEnvelopes, FAST_BACKOFF, ids, tempProject } from "../events/support/fixtures";
import { closedPort, LocalServer, startServer } from "../events/support/servers";
import { runCli } from "../support/cli";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe("semantest-iac events flush", () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it("delivers what an earlier run left in the outbox, once each, and exits 1 while a sink is still down", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/events`;
    const projectDir = tempProject();
    fs.writeFileSync(
      path.join(projectDir, "Pulumi.qa.yaml"),
      ["config:", "  semantest:environment: staging", "  semantest:events:", "    sinks:", "      - kind: http", `        url: ${url}`, "        maxAttempts: 1", "        timeoutMs: 500"].join("\n"),
    );
    const firstRun = createPublisher({ sinks: [{ kind: "http", url, timeoutMs: 500, maxAttempts: 1 }], publishOnPreview: false }, { projectDir, stack: "qa", http: { backoff: FAST_BACKOFF }, onWarning: () => undefined });
    const published = await firstRun.publish(deploymentEnvelopes());
    await firstRun.close();

    const stillDown = capture();
    expect(await run(["events", "flush", "--env", "qa"], stillDown.io, projectDir)).toBe(1);
    expect(stillDown.out.join("\n")).toContain(`http:${url}: 0 delivered, 3 pending`);

    server = await startServer((_req, _i, res) => res.end(), port);
    const back = capture();
    expect(await run(["events", "flush", "--env", "qa", "--json"], back.io, projectDir)).toBe(0);
    expect(JSON.parse(back.out.join("\n"))).toMatchObject({ stack: "qa", delivered: { [`http:${url}`]: 3 }, pending: {} });
    expect(server.requests.map((r) => JSON.parse(r.body).id)).toEqual(ids(published));

    const again = capture();
    expect(await run(["events", "flush", "--env", "qa"], again.io, projectDir)).toBe(0);
    expect(again.out.join("\n")).toContain("Nothing left to deliver.");
    expect(server.requests).toHaveLength(3);
  });

  it("is a usage error without a stack, and needs no Pulumi CLI", async () => {
    const usage = await runCli(["events", "flush", "--json"], { env: { PATH: "/nonexistent" } });
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).error.code).toBe("USAGE");
    const help = await runCli(["events", "flush", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("semantest-iac events flush --env production");
  });
});
