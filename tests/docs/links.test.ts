import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const files = ["README.md", "bench/README.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

describe("links in the README and docs", () => {
  it("point at files that exist", () => {
    let checked = 0;
    for (const file of files) {
      const content = fs.readFileSync(path.join(ROOT, file), "utf8");
      for (const [, target] of content.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        checked++;
        expect([file, target, fs.existsSync(path.resolve(ROOT, path.dirname(file), target))]).toEqual([file, target, true]);
      }
    }
    expect(checked).toBeGreaterThan(15);
  });
});
