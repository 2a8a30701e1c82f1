import * as fs from "fs";
import { COMPONENT_KEYS, CORS_KEYS, SEMANTEST_KEYS } from "../../domain";
import { DOC, withGenerated } from "../../scripts/config-reference";

const text = fs.readFileSync(DOC, "utf8");

describe("docs/configuration.md", () => {
  it("matches the domain's defaults and limits (run `npm run docs:config` when this fails)", () => {
    expect(text).toBe(withGenerated(text));
  });

  it("documents every semantest key and every component field the parser accepts", () => {
    for (const key of SEMANTEST_KEYS) expect(text).toContain(`\`semantest:${key}\``);
    const fields = new Set([...COMPONENT_KEYS["rest-api"], ...COMPONENT_KEYS.websocket].filter((k) => k !== "cors"));
    for (const field of fields) expect(text).toMatch(new RegExp(`\\| \`${field}\`( \\(|\\s\\|)`));
    for (const field of CORS_KEYS) expect(text).toContain(`\`cors.${field}\``);
  });
});
