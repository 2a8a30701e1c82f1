/**
 * The gateway's page in a real headless Chromium (Debian's `chromium`, installed on demand by
 * scripts/ensure-chromium.sh), driven by playwright-core: it connects, subscribes, publishes, and
 * shows the message; a Node client on the same topic gets it too. Set SEMANTEST_SKIP_BROWSER=1 to
 * skip on a machine that cannot install a browser.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type BrowserContext } from "playwright-core";
import { Client, clientUrl, PROJECT_DIR, startGatewayProcess, type GatewayProcess } from "./support";

jest.setTimeout(180_000);

const skip = process.env.SEMANTEST_SKIP_BROWSER === "1";
const maybe = skip ? describe.skip : describe;

/** The flags the brief asks for; playwright adds the headless switch from `headless: true`. */
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

maybe.each(["aws", "azure"] as const)("the gateway's page in headless Chromium (--provider %s)", (provider) => {
  let gateway: GatewayProcess;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    const executablePath = execFileSync("bash", [path.join(PROJECT_DIR, "scripts/ensure-chromium.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim().split("\n").pop()!;
    gateway = await startGatewayProcess(provider);
    profile = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-chromium-"));
    browser = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    if (gateway) expect(await gateway.stop("SIGTERM")).toBe(0);
  });

  it("connects, subscribes, publishes and shows the message it receives", async () => {
    const page = await browser.newPage();
    const topic = `browser.${provider}`;
    const text = `hello from chromium ${Date.now()}`;
    await page.goto(gateway.ready.pageUrl);
    await page.locator("#status[data-state=open]").waitFor({ timeout: 30_000 });

    const listener = await Client.connect(await clientUrl(gateway.ready));
    listener.send({ action: "subscribe", topic });
    await listener.next((f) => f.type === "subscribed");

    await page.fill("#topic", topic);
    await page.click("#subscribe");
    await page.locator("#messages li", { hasText: '"type":"subscribed"' }).waitFor({ timeout: 15_000 });
    await page.fill("#payload", JSON.stringify({ text }));
    await page.click("#publish");

    const shown = page.locator("#messages li", { hasText: text });
    await shown.waitFor({ timeout: 15_000 });
    expect(JSON.parse((await shown.first().textContent())!)).toEqual({ type: "message", topic, payload: { text } });
    expect(await listener.next((f) => f.type === "message")).toEqual({ type: "message", topic, payload: { text } });
    listener.close();
  });
});
