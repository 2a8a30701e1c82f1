/**
 * A small Azure Functions host for tests: builds the Azure artifact exactly as the program does,
 * unzips it, supplies the worker's `@azure/functions-core` module (which the artifact leaves
 * external, as the Functions Node worker provides it), loads `package.json` `main`, and serves
 * the registered HTTP functions on 127.0.0.1 by their `route` and `methods` (host.json
 * `routePrefix`), handing each handler an `HttpRequest` as the host does.
 */
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { HttpRequest, HttpResponse, InvocationContext } from "@azure/functions";
import { azureArtifactSpec } from "../../../artifacts/azure";
import { buildArtifact, type BuiltArtifact } from "../../../artifacts/build";
import type { ComponentKind } from "../../../domain";
import { unzipTo } from "../../artifacts/unzip";
import { PROJECT_DIR } from "../../support/pulumi-harness";

export interface Registration {
  readonly name: string;
  readonly route: string;
  readonly methods: readonly string[];
  readonly authLevel: string;
  readonly handler: (request: HttpRequest, context: InvocationContext) => Promise<unknown>;
}

export interface FunctionApp {
  readonly artifact: BuiltArtifact;
  readonly registrations: readonly Registration[];
  readonly hostJson: { extensions?: { http?: { routePrefix?: string } } };
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

const FAKE_CORE = `"use strict";
// What the Functions Node worker exposes as "@azure/functions-core" (test stand-in).
const registrations = (globalThis.__semantestFunctions = globalThis.__semantestFunctions || []);
module.exports = {
  registerFunction(metadata, callback) { registrations.push({ metadata, callback }); return { dispose() {} }; },
  setProgrammingModel() {},
  getProgrammingModel() { return undefined; },
  registerHook() { return { dispose() {} }; },
};
`;

/** `{*path}` matches anything; `a/{b}` matches one segment. Returns params, or undefined. */
export function matchRoute(route: string, pathname: string): Record<string, string> | undefined {
  const want = route.split("/").filter(Boolean);
  const got = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const catchAll = /^\{\*(\w+)\}$/.exec(want[i]);
    if (catchAll) {
      params[catchAll[1]] = got.slice(i).join("/");
      return params;
    }
    const param = /^\{(\w+)\??\}$/.exec(want[i]);
    if (i >= got.length) return undefined;
    if (param) params[param[1]] = got[i];
    else if (want[i].toLowerCase() !== got[i].toLowerCase()) return undefined;
  }
  return got.length === want.length ? params : undefined;
}

/** Builds, unzips and serves the component's Function App; `env` is set before the code loads. */
export async function startFunctionApp(kind: ComponentKind, entry: string | undefined, env: Record<string, string> = {}): Promise<FunctionApp> {
  const artifact = await buildArtifact(azureArtifactSpec({ kind, entry, timeoutSeconds: 30 } as Parameters<typeof azureArtifactSpec>[0], PROJECT_DIR));
  const dir = await unzipTo(artifact.path, path.join(PROJECT_DIR, ".semantest", "test-unzip-azure"));
  const core = path.join(dir, "node_modules", "@azure", "functions-core");
  fs.mkdirSync(core, { recursive: true });
  fs.writeFileSync(path.join(core, "index.js"), FAKE_CORE);
  fs.writeFileSync(path.join(core, "package.json"), JSON.stringify({ name: "@azure/functions-core", main: "index.js" }));

  const global = globalThis as { __semantestFunctions?: { metadata: { name: string; bindings: Record<string, Record<string, unknown>> }; callback: Registration["handler"] }[] };
  global.__semantestFunctions = [];
  Object.assign(process.env, { FUNCTIONS_EXTENSION_VERSION: "~4", ...env });
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { main: string };
  jest.isolateModules(() => {
    require(path.join(dir, pkg.main));
  });
  const registrations: Registration[] = global.__semantestFunctions.map(({ metadata, callback }) => {
    const trigger = Object.values(metadata.bindings).find((b) => b.type === "httpTrigger")!;
    return {
      name: metadata.name,
      route: String(trigger.route ?? metadata.name),
      methods: (trigger.methods as string[]).map((m) => m.toUpperCase()),
      authLevel: String(trigger.authLevel),
      handler: callback,
    };
  });
  // Test files of a jest worker share one global object (tests/support/jest-environment.js).
  delete global.__semantestFunctions;
  const hostJson = JSON.parse(fs.readFileSync(path.join(dir, "host.json"), "utf8")) as FunctionApp["hostJson"];
  const served = await serveRegistrations(registrations, hostJson.extensions?.http?.routePrefix ?? "api");
  return { artifact, registrations, hostJson, ...served };
}

/** Serves registered HTTP functions on 127.0.0.1 the way the host routes them (`prefix` = host.json routePrefix). */
export async function serveRegistrations(registrations: readonly Registration[], prefix: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void serve(req, Buffer.concat(chunks), res);
    });
  });
  const serve = async (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const pathname = prefix ? url.pathname.replace(new RegExp(`^/${prefix}(?=/|$)`), "") : url.pathname;
    // Literal routes win over catch-alls, as in the host.
    const ordered = [...registrations].sort((a, b) => Number(a.route.includes("{*")) - Number(b.route.includes("{*")));
    for (const registration of ordered) {
      const params = matchRoute(registration.route, pathname);
      if (!params || !registration.methods.includes(req.method ?? "GET")) continue;
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(", ") : value;
      const request = new HttpRequest({
        method: req.method,
        url: url.toString(),
        headers,
        params,
        query: Object.fromEntries(url.searchParams),
        ...(body.length > 0 ? { body: { bytes: body } } : {}),
      } as ConstructorParameters<typeof HttpRequest>[0]);
      const context = new InvocationContext({ functionName: registration.name, invocationId: `test-${Date.now()}` });
      let response: HttpResponse;
      try {
        const result = (await registration.handler(request, context)) as ConstructorParameters<typeof HttpResponse>[0] | HttpResponse;
        response = result instanceof HttpResponse ? result : new HttpResponse(result ?? {});
      } catch (error) {
        // The host turns an unhandled error into a 500; a test asserting "never crashes" sees it.
        res.writeHead(500, { "x-test-host": "unhandled" }).end(String(error));
        return;
      }
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((value, key) => {
        if (key === "set-cookie") return;
        out[key] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) out["set-cookie"] = cookies;
      res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
      return;
    }
    res.writeHead(404).end();
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
