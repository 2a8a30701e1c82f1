/**
 * Auth, full size (the suite runs a seeded share: tests/auth/*.test.ts):
 * - HEADERS random Authorization values (printable junk, JWT-shaped junk, tokens with one byte
 *   flipped) through the verifier: every one must be refused with 401, none may throw;
 * - as many valid tokens: every one accepted; verifications per second next to jose's decodeJwt
 *   (no signature, no JWKS) on the same tokens, as the baseline;
 * - BODIES random `POST /token` bodies at the local issuer: 200 or 400, never anything else;
 * - CONFIGS random `auth` values through the domain parsers: no throw, every problem with its path.
 * Prints the counts and exits 1 when any is wrong. `HEADERS=…`, `BODIES=…`, `CONFIGS=…`, `SEED=…`.
 */
import fc from "fast-check";
import { decodeJwt } from "jose";
import { parseRestApiAuth, parseWebSocketAuth } from "../../domain";
import { startLocalIssuer } from "../../runtime/local/auth";
import { createJwtVerifier } from "../../runtime/shared/auth";

const HEADERS = Number(process.env.HEADERS ?? 5000);
const BODIES = Number(process.env.BODIES ?? 1000);
const CONFIGS = Number(process.env.CONFIGS ?? 10000);
const SEED = Number(process.env.SEED ?? 2204);

async function main(): Promise<number> {
  const issuer = await startLocalIssuer({ defaultAudience: "api://bench" });
  const verifier = createJwtVerifier({ issuer: issuer.issuer, audiences: ["api://bench"] });
  let wrong = 0;
  let crashes = 0;
  try {
    const valid = await Promise.all(Array.from({ length: Math.min(HEADERS, 2000) }, (_, i) => issuer.issue({ subject: `user-${i}` })));
    const flip = (token: string, at: number) => token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
    const junk = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.tuple(fc.base64String({ maxLength: 80 }), fc.base64String({ maxLength: 200 }), fc.base64String({ maxLength: 80 })).map((p) => `Bearer ${p.join(".")}`),
        fc.tuple(fc.constantFrom(...valid), fc.nat()).map(([t, n]) => `Bearer ${flip(t, 20 + (n % (t.length - 21)))}`),
      ),
      { seed: SEED, numRuns: HEADERS },
    );
    for (const header of junk) {
      try {
        const result = await verifier.verify(header);
        if (result.ok || result.status !== 401) wrong++;
      } catch {
        crashes++;
      }
    }
    await verifier.verify(valid[0]); // keys fetched once, as in a warm function
    let t0 = performance.now();
    for (const token of valid) if (!(await verifier.verify(token)).ok) wrong++;
    const verifyMs = performance.now() - t0;
    t0 = performance.now();
    for (const token of valid) decodeJwt(token);
    const decodeMs = performance.now() - t0;

    let badAnswers = 0;
    for (const body of fc.sample(fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 300 })), { seed: SEED, numRuns: BODIES })) {
      const res = await fetch(`${issuer.issuer}/token`, { method: "POST", body });
      if (![200, 400].includes(res.status)) badAnswers++;
      await res.arrayBuffer();
    }

    let configProblems = 0;
    for (const raw of fc.sample(fc.anything({ maxDepth: 4 }), { seed: SEED, numRuns: CONFIGS })) {
      try {
        for (const [parsed, at] of [[parseRestApiAuth(raw, "r"), "r"], [parseWebSocketAuth(raw, "w"), "w"]] as const) {
          if (!parsed.ok && parsed.error.some((p) => !p.path.startsWith(at) || !/allowed|required|expected/.test(p.message))) configProblems++;
        }
      } catch {
        crashes++;
      }
    }

    const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
    console.log(`junk Authorization headers: ${junk.length}, accepted or not 401: ${wrong}, crashes: ${crashes}`);
    console.log(`valid tokens: ${valid.length} verified at ${perSecond(valid.length, verifyMs)}/s (RS256, warm JWKS) vs decodeJwt ${perSecond(valid.length, decodeMs)}/s: ${(verifyMs / decodeMs).toFixed(1)}x the decode-only baseline`);
    console.log(`POST /token bodies: ${BODIES}, answers other than 200/400: ${badAnswers}`);
    console.log(`auth configs: ${CONFIGS}, problems without path or allowed values: ${configProblems}`);
    return wrong + crashes + badAnswers + configProblems;
  } finally {
    await issuer.close();
  }
}

main().then(
  (failures) => process.exit(failures === 0 ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
