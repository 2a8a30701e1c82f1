/**
 * The properties of `logs` and `invoke`'s parsers, shared by the bounded runs in tests/ops (seeded,
 * fast in `npm test`) and the full-size runs in bench/fuzz/ops.ts. Each checks with plain throws
 * (no jest), so both can run it: a property fails when a parser throws, or when its answer is not
 * either a valid result or a refusal that names the flag (or output field) and quotes the value.
 */
import fc from "fast-check";
import { METHODS, parseInvoke } from "../../../application/invoke/request";
import { parseFilter } from "../../../application/logs/filter";
import { MAX_SINCE_MS, parseSince } from "../../../application/logs/since";
import { logSourcesFromOutputs } from "../../../application/logs/sources";
import { filterPattern } from "../../../adapters/logs/cloudwatch";
import { componentQuery } from "../../../adapters/logs/log-analytics";

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);

function check(condition: unknown, message: string): void {
  if (!condition) throw new Error(message);
}

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }));

export const OPS_PROPERTIES = {
  since: fc.property(fc.oneof(text, fc.stringMatching(/^[0-9]{0,12}[smhdwy]?$/), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), (input) => {
    const result = parseSince(input, NOW);
    if (result.ok) check(result.startMs <= NOW && result.startMs >= NOW - MAX_SINCE_MS, `${JSON.stringify(input)} gave ${result.startMs}, outside the last 30 days`);
    else check(result.problem.startsWith(`--since ${JSON.stringify(input)} `) && result.problem.includes("allowed:"), `refusal of ${JSON.stringify(input)} does not quote it: ${result.problem}`);
  }),

  filter: fc.property(text, (input) => {
    const result = parseFilter(input);
    if (!result.ok) return check(result.problem.includes(`--filter ${JSON.stringify(input)}`), `refusal does not quote ${JSON.stringify(input)}`);
    // One CloudWatch term and one KQL verbatim string: the text cannot break out of either.
    check(filterPattern(result.filter) === `"${input}"` && filterPattern(result.filter)!.split('"').length === 3, `pattern for ${JSON.stringify(input)} is not one quoted term`);
    const kql = componentQuery("semantest-dev-rest-api-1", result.filter, 10).split("\n");
    check(kql.length === 8 && kql[5] === `| where Message contains_cs @"${input}"`, `KQL for ${JSON.stringify(input)} changed shape`);
  }),

  invoke: fc.property(
    fc.record(
      {
        component: fc.constantFrom("rest-api", "websocket", "other"),
        path: fc.oneof(text, fc.constantFrom("/health", "/events?x=1")),
        method: fc.oneof(fc.constantFrom(...METHODS), text),
        data: fc.oneof(text, fc.json()),
        header: fc.array(fc.oneof(text, text.map((v) => `x-h:${v}`)), { maxLength: 3 }),
        message: text,
        timeout: fc.oneof(text, fc.integer({ min: -5, max: 200 }).map(String)),
      },
      { requiredKeys: [] },
    ),
    (flags) => {
      const result = parseInvoke(flags);
      if (!result.ok) return check(/^--(component|path|method|data|header|message|timeout) /.test(result.problem), `refusal names no flag: ${result.problem}`);
      if (result.plan.component === "websocket") return check(result.plan.message.length > 0, "empty message accepted");
      // The path stays on the API's host, the method is one we send, fetch takes every header, and the body is JSON.
      check(new URL(`https://api.example${result.plan.path}`).host === "api.example", `path ${JSON.stringify(result.plan.path)} leaves the host`);
      check((METHODS as readonly string[]).includes(result.plan.method), `method ${result.plan.method}`);
      new Headers({ ...result.plan.headers });
      if (result.plan.body !== undefined) JSON.parse(result.plan.body);
    },
  ),

  sources: fc.property(
    fc.oneof(
      fc.anything(),
      fc.record({ logs: fc.anything() }),
      fc.record({ logs: fc.dictionary(fc.constantFrom("rest-api", "websocket", "x"), fc.oneof(fc.anything(), fc.record({ provider: fc.constantFrom("aws", "azure", "gcp"), region: text, logGroup: text, logGroupArn: text, workspaceId: fc.oneof(text, fc.uuid()), appName: text }, { requiredKeys: [] }))) }),
    ),
    fc.constantFrom(undefined, "rest-api", "websocket"),
    (outputs, component) => {
      const result = logSourcesFromOutputs((typeof outputs === "object" && outputs !== null ? outputs : {}) as Record<string, unknown>, component as "rest-api" | "websocket" | undefined);
      if (!result.ok) return check(/stack (has no logs output|output logs)/.test(result.problem), `problem names no output: ${result.problem}`);
      for (const source of result.sources) {
        check(source.provider === "aws" ? source.logGroup.trim() !== "" && source.region.trim() !== "" : /^[0-9a-f-]{36}$/i.test(source.workspaceId) && /^[A-Za-z0-9-]+$/.test(source.appName), `accepted ${JSON.stringify(source)}`);
        if (source.provider === "azure") componentQuery(source.appName, undefined, 1); // never refuses what the parser let through
      }
    },
  ),
};

export const SEED = 22;
