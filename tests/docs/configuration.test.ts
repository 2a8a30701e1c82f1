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

describe("config keys mentioned anywhere in the docs", () => {
  const path = require("path") as typeof import("path");
  const root = path.resolve(__dirname, "../..");
  const files = ["README.md", "Pulumi.yaml", ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

  it("exist: every semantest:<key> and semantest:components.<component>.<field> the docs name is one the program reads", () => {
    let seen = 0;
    for (const file of files) {
      const content = fs.readFileSync(path.join(root, file), "utf8");
      // (`semantest:aws:Platform` are type tokens and `semantest:rest-app` a module alias, not config keys.)
      for (const match of content.matchAll(/semantest:([a-z]+)(?![a-z:-])(?:\.([a-z-]+|<[^>]+>)(?:\.([a-zA-Z]+))?)?/g)) {
        seen++;
        const [, key, component, field] = match;
        expect([file, key, (SEMANTEST_KEYS as readonly string[]).includes(key)]).toEqual([file, key, true]);
        if (key === "components" && component && !component.startsWith("<")) {
          expect([file, component, ["rest-api", "websocket"].includes(component)]).toEqual([file, component, true]);
          if (field) expect([file, field, [...COMPONENT_KEYS["rest-api"], ...COMPONENT_KEYS.websocket].includes(field)]).toEqual([file, field, true]);
        }
      }
    }
    expect(seen).toBeGreaterThan(20);
  });
});
