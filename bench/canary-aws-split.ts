/**
 * The local AWS gateway with a release in progress (prints figures, asserts nothing): per weight,
 * how new connections split between the two versions, how many messages were served by a version
 * other than their connection's (must be 0), the share of messages forwarded to the connection's
 * version against the expected 2·w·(1−w), and the median message round trip against a gateway
 * with no split (the same run, same machine).
 *
 * Usage: npx tsx bench/canary-aws-split.ts; CONNECTIONS=100 MESSAGES=5 WEIGHTS=0.1,0.5 SEED=7.
 */
import { Environment, parseComponentSettings, type RestApiSettings, type WebSocketSettings } from "../domain";
import { startGateway } from "../runtime/local/gateway";
import { createLog } from "../runtime/local/log";
import { Client, PROJECT_DIR } from "../tests/local/support";

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 100);
const MESSAGES = Number(process.env.MESSAGES ?? 5);
const WEIGHTS = (process.env.WEIGHTS ?? "0.1,0.5").split(",").map(Number);
const SEED = Number(process.env.SEED ?? 7);

function settings<T>(kind: "rest-api" | "websocket", raw: Record<string, unknown>): T {
  const parsed = parseComponentSettings(kind, { provider: "aws", ...raw }, Environment.of("dev"), `semantest:components.${kind}`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value as T;
}

interface Figures { onNew: number; mixed: number; forwarded: number; messages: number; medianMs: number }

async function run(weight: number | undefined): Promise<Figures> {
  const lines: string[] = [];
  const gateway = await startGateway({
    provider: "aws",
    port: 0,
    projectDir: PROJECT_DIR,
    components: { restApi: settings<RestApiSettings>("rest-api", {}), websocket: settings<WebSocketSettings>("websocket", { entry: "tests/canary-aws/apps/version-echo.ts" }) },
    ...(weight === undefined ? {} : { traffic: { weight, seed: SEED } }),
    log: createLog((line) => lines.push(line), { color: false }),
  });
  const clients: Client[] = [];
  const rtt: number[] = [];
  let onNew = 0;
  let mixed = 0;
  try {
    for (let i = 0; i < CONNECTIONS; i++) clients.push(await Client.connect(gateway.host.page.webSocketUrl!));
    const forwardedBefore = lines.filter((l) => l.includes("Invoke websocket:")).length;
    for (const client of clients) {
      let version: unknown;
      for (let m = 0; m < MESSAGES; m++) {
        const started = process.hrtime.bigint();
        client.send(`m${m}`);
        const reply = await client.next((f) => f.type === "echo" && f.data === `m${m}`);
        rtt.push(Number(process.hrtime.bigint() - started) / 1e6);
        version ??= reply.version;
        if (reply.version !== version) mixed++;
      }
      if (version === "2") onNew++;
    }
    const forwarded = lines.filter((l) => l.includes("Invoke websocket:")).length - forwardedBefore;
    rtt.sort((a, b) => a - b);
    return { onNew, mixed, forwarded, messages: CONNECTIONS * MESSAGES, medianMs: rtt[Math.floor(rtt.length / 2)]! };
  } finally {
    for (const client of clients) client.close();
    await gateway.close();
  }
}

async function main(): Promise<void> {
  console.log(`local AWS gateway, ${CONNECTIONS} connections x ${MESSAGES} messages, seed ${SEED}`);
  const baseline = await run(undefined);
  console.log(`no split:   median round trip ${baseline.medianMs.toFixed(2)} ms, forwarded ${baseline.forwarded}`);
  console.log("weight  on new (expected)  mixed  forwarded (expected)   median ms  vs no split");
  for (const weight of WEIGHTS) {
    const f = await run(weight);
    const expectedForwarded = 2 * weight * (1 - weight);
    console.log(
      `${weight.toFixed(2).padEnd(7)} ${`${f.onNew} (${(weight * CONNECTIONS).toFixed(0)})`.padEnd(18)} ${String(f.mixed).padEnd(6)} ${`${((f.forwarded / f.messages) * 100).toFixed(1)}% (${(expectedForwarded * 100).toFixed(1)}%)`.padEnd(22)} ${f.medianMs.toFixed(2).padEnd(10)} x${(f.medianMs / baseline.medianMs).toFixed(2)}`,
    );
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
