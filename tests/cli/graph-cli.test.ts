import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../support/cli";

// The picture from the real binary (a process: the e2e project); the renderer itself is tested in-process in ./graph.test.ts.
describe("preview --offline --graph from the binary", () => {
  it("writes the picture from the real binary, picking the format from --out", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-graph-"));
    try {
      const out = path.join(dir, "production.svg");
      const result = await runCli(["preview", "--env", "production", "--offline", "--graph", "--out", out]);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^wrote the svg graph of \d+ resources to /m);
      expect(fs.readFileSync(out, "utf8")).toMatch(/^<\?xml|<svg/);

      const mermaid = await runCli(["preview", "--env", "dev", "--offline", "--graph"]);
      expect(mermaid.code).toBe(0);
      expect(mermaid.stdout.startsWith("flowchart LR")).toBe(true);

      const bad = await runCli(["preview", "--env", "dev", "--graph"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("error: --graph draws the offline evaluation: add --offline");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
