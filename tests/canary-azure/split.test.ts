/**
 * The per-connection split's pure parts (runtime/azure/canary.ts) and the plans the Azure
 * components derive from `semantest:release.traffic` (components/azure/release-traffic.ts).
 * Properties are seeded and bounded; bench/ has no full-size run because the inputs are tiny.
 */
import fc from "fast-check";
import { bucketOf, chooseHub, codeVersion, HUB_NAME_PATTERN, parseCanarySetting, parseHubList, reconnectReason, splitPin, VERSION_STATE_KEY } from "../../runtime/azure/canary";
import { readTraffic, restServedDigest, webSocketPlan } from "../../components/azure/release-traffic";
import { CANARY_HUB_NAME, canaryAssignment, HUB_NAME } from "../../components/azure/websocket";

const SEED = { seed: 20, numRuns: 200 };
const OLD = `sha256:${"1".repeat(64)}`;
const NEW = `sha256:${"2".repeat(64)}`;
const release = (weight: number | undefined, previous: Record<string, string> = { websocket: OLD, "rest-api": OLD }) => ({
  id: "01JNEW",
  artifacts: { websocket: NEW, "rest-api": NEW },
  ...(weight === undefined ? {} : { traffic: { previous: { id: "01JOLD", artifacts: previous, versions: {} }, weight } }),
});

describe("chooseHub: the hub (so the version) of a new connection", () => {
  const route = (weight: number) => ({ hub: CANARY_HUB_NAME, weight, salt: "01JNEW" });

  it("never assigns the canary at weight 0 (rollback stops assigning) and always at weight 1", () => {
    fc.assert(fc.property(fc.string(), (key) => chooseHub(HUB_NAME, route(0), key) === HUB_NAME && chooseHub(HUB_NAME, route(1), key) === CANARY_HUB_NAME), SEED);
    expect(chooseHub(HUB_NAME, undefined, "alice")).toBe(HUB_NAME);
  });

  it("raising the weight only moves users to the canary, never back (the bucket is fixed)", () => {
    fc.assert(fc.property(fc.string(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (key, a, b) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      return chooseHub(HUB_NAME, route(low), key) !== CANARY_HUB_NAME || chooseHub(HUB_NAME, route(high), key) === CANARY_HUB_NAME;
    }), SEED);
  });

  it("sends about the configured share of users to the canary (10,000 users, weight 0.1 and 0.5)", () => {
    for (const weight of [0.1, 0.5]) {
      const canary = Array.from({ length: 10_000 }, (_, i) => chooseHub(HUB_NAME, route(weight), `user-${i}`)).filter((h) => h === CANARY_HUB_NAME).length;
      expect(Math.abs(canary / 10_000 - weight)).toBeLessThan(0.02);
    }
  });

  it("is a pure function of (salt, user): the same user gets the same hub on every reconnect", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (salt, key) => bucketOf(salt, key) === bucketOf(salt, key) && bucketOf(salt, key) >= 0 && bucketOf(salt, key) < 1), SEED);
  });

  it("draws a fresh key for anonymous connections", () => {
    const keys = ["k-low", "k-high"];
    const picks = keys.map((k) => chooseHub(HUB_NAME, route(0.5), undefined, () => k));
    expect(picks).toEqual(keys.map((k) => (bucketOf("01JNEW", k) < 0.5 ? CANARY_HUB_NAME : HUB_NAME)));
  });
});

describe("SEMANTEST_CANARY and WEBPUBSUB_SIBLING_HUBS: bad settings are refused by name, never crash", () => {
  it("reads what the component writes", () => {
    const written = canaryAssignment(webSocketPlan(release(0.25), NEW), "01JNEW");
    expect(parseCanarySetting(written.SEMANTEST_CANARY)).toEqual({ ok: true, route: { hub: CANARY_HUB_NAME, weight: 0.25, salt: "01JNEW" } });
    expect(parseCanarySetting(undefined)).toEqual({ ok: true, route: undefined });
  });

  it.each([
    ["{", /is not JSON/],
    ["[1]", /expected an object/],
    ['{"hub":"semantest-canary","weight":0.1,"salt":""}', /SEMANTEST_CANARY.hub "semantest-canary" is not a hub name; allowed: a letter/],
    ['{"hub":"semantest_canary","weight":1.5,"salt":""}', /SEMANTEST_CANARY.weight 1.5 is not a share; allowed: a number from 0 to 1/],
    ['{"hub":"semantest_canary","weight":0.1}', /SEMANTEST_CANARY.salt undefined is not a string/],
  ])("%s -> %s", (raw, message) => {
    const parsed = parseCanarySetting(raw);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(message);
  });

  it("never throws on any string (fuzz)", () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
      const parsed = parseCanarySetting(raw);
      return parsed.ok ? parsed.route === undefined || HUB_NAME_PATTERN.test(parsed.route.hub) : parsed.message.startsWith("SEMANTEST_CANARY");
    }), SEED);
  });

  it("lists sibling hubs and names a bad one", () => {
    expect(parseHubList(" semantest_canary, semantest_canary ,")).toEqual({ ok: true, hubs: ["semantest_canary"] });
    expect(parseHubList("a-b")).toEqual({ ok: false, message: expect.stringMatching(/WEBPUBSUB_SIBLING_HUBS holds "a-b", which is not a hub name/) });
  });

  it("the stable hub and the canary hub are valid Web PubSub hub names", () => {
    expect([HUB_NAME, CANARY_HUB_NAME].every((h) => HUB_NAME_PATTERN.test(h))).toBe(true);
  });
});

describe("version pinning (connection state)", () => {
  it("hides the pin from the app's state and gives it back", () => {
    expect(splitPin({ [VERSION_STATE_KEY]: "sha256:abc", topic: "t" })).toEqual({ pinned: "sha256:abc", state: { topic: "t" } });
    expect(splitPin({ topic: "t" })).toEqual({ pinned: undefined, state: { topic: "t" } });
  });

  it("versions code by its bytes: the same file, the same version; a missing file, none", () => {
    expect(codeVersion(__filename)).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(codeVersion(__filename)).toBe(codeVersion(__filename));
    expect(codeVersion("/no/such/file.js")).toBeUndefined();
  });

  it("reconnect reasons carry the prefix clients act on and stay short", () => {
    expect(reconnectReason("x".repeat(500))).toMatch(/^reconnect: x+$/);
    expect(reconnectReason("x".repeat(500)).length).toBeLessThanOrEqual(120);
  });
});

describe("webSocketPlan / restServedDigest: what each Azure app runs for a release", () => {
  it("outside a release both WebSocket apps run the release's code and nothing is assigned", () => {
    expect(webSocketPlan(release(undefined), NEW)).toEqual({ stableDigest: undefined, weight: 0, split: false, retired: false });
    expect(canaryAssignment(webSocketPlan(release(undefined), NEW), "01JNEW")).toEqual({});
  });

  it("during a release the stable app keeps the previous code and new connections go to the canary by the weight", () => {
    expect(webSocketPlan(release(0.1), NEW)).toEqual({ stableDigest: OLD, weight: 0.1, split: true, retired: false });
  });

  it("weight 0 is a rollback: nothing assigned, the canary retired", () => {
    const plan = webSocketPlan(release(0), NEW);
    expect(plan).toEqual({ stableDigest: OLD, weight: 0, split: true, retired: true });
    expect(canaryAssignment(plan, "01JNEW")).toEqual({});
  });

  it("a release that does not change the WebSocket's code splits nothing", () => {
    expect(webSocketPlan(release(0.5, { websocket: NEW }), NEW).split).toBe(false);
    expect(webSocketPlan(release(0.5, {}), NEW).split).toBe(false);
  });

  it("REST on Azure is blue/green between packages: the previous package until weight 1 (never more new share than asked)", () => {
    expect(restServedDigest(release(undefined))).toBeUndefined();
    for (const weight of [0, 0.1, 0.99]) expect(restServedDigest(release(weight))).toBe(OLD);
    expect(restServedDigest(release(1))).toBeUndefined();
  });

  it("reads a malformed traffic record as none (the domain reports it), never throws (fuzz)", () => {
    fc.assert(fc.property(fc.anything(), (traffic) => {
      const view = readTraffic({ id: "x", artifacts: {}, traffic });
      return view === undefined || (view.weight >= 0 && view.weight <= 1);
    }), SEED);
    expect(readTraffic({ traffic: { previous: { id: "p", artifacts: { websocket: "nope" } }, weight: 0.5 } })?.previousArtifacts).toEqual({});
  });
});
