/**
 * docs/deploy-azure.md against the code: every resource provider the stack needs is in the guide
 * with why it stays manual and how doctor checks it, and no step asks to run the deploy again.
 */
import * as fs from "fs";
import * as path from "path";
import { AZURE_RESOURCE_PROVIDERS } from "../../components/azure/prerequisites";
import { PROJECT_DIR } from "../support/pulumi-harness";

const guide = fs.readFileSync(path.join(PROJECT_DIR, "docs", "deploy-azure.md"), "utf8");

describe("docs/deploy-azure.md", () => {
  it("lists every resource provider namespace the stack needs, Microsoft.App included, in the registration loop too", () => {
    const loop = guide.slice(guide.indexOf("for ns in"), guide.indexOf("done", guide.indexOf("for ns in")));
    for (const namespace of Object.keys(AZURE_RESOURCE_PROVIDERS)) {
      expect(guide).toContain(`\`${namespace}\``);
      expect(loop).toContain(namespace);
    }
  });

  it("says why the registration stays manual and how doctor checks it", () => {
    expect(guide).toMatch(/\*\*Why this stays manual:\*\*/);
    expect(guide).toMatch(/\*\*How it is checked:\*\*\s+`semantest-iac doctor`/);
  });

  it("has no 'run it again' step: the first up is one pass", () => {
    expect(guide).not.toMatch(/run (it|the deploy|up) again/i);
    expect(guide).toMatch(/succeeds in one pass/);
  });
});
