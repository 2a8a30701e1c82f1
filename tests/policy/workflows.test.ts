/** The pipelines parse and say what docs/policies.md says they do. */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const DIR = path.resolve(__dirname, "../../.github/workflows");
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; name?: string };
type Job = { needs?: string | string[]; environment?: string; steps: Step[]; permissions?: Record<string, string>; strategy?: { matrix?: Record<string, unknown> }; if?: string };
type Workflow = { name: string; on: Record<string, unknown>; jobs: Record<string, Job> };

function load(file: string): Workflow {
  return parse(fs.readFileSync(path.join(DIR, file), "utf8"), { strict: true, uniqueKeys: true }) as Workflow;
}
const steps = (job: Job) => job.steps.map((s) => s.uses ?? s.run ?? "");
const needs = (job: Job) => (Array.isArray(job.needs) ? job.needs : job.needs ? [job.needs] : []);

describe("GitHub workflows", () => {
  it("every workflow parses, has a trigger and jobs whose steps each use or run something", () => {
    const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
    expect(files.sort()).toEqual(["deploy-dev.yml", "pull-request.yml", "release.yml"]);
    for (const file of files) {
      const workflow = load(file);
      expect(workflow.name).toEqual(expect.any(String));
      expect(Object.keys(workflow.on).length).toBeGreaterThan(0);
      for (const [id, job] of Object.entries(workflow.jobs)) {
        for (const need of needs(job)) expect({ file, id, need, exists: need in workflow.jobs }).toEqual({ file, id, need, exists: true });
        for (const step of job.steps) expect({ file, id, step: !!(step.uses || step.run) }).toEqual({ file, id, step: true });
      }
    }
  });

  it("pull requests: npm ci, npm test, then pulumi preview per affected stack with the pack, commented on the PR", () => {
    const workflow = load("pull-request.yml");
    expect(workflow.on).toHaveProperty("pull_request");
    const test = workflow.jobs.test!;
    expect(steps(test).indexOf("npm ci")).toBeLessThan(steps(test).indexOf("npm test"));
    const preview = workflow.jobs.preview!;
    expect(needs(preview)).toEqual(expect.arrayContaining(["test", "affected"]));
    expect(preview.strategy?.matrix?.stack).toContain("needs.affected.outputs.stacks");
    const pulumi = preview.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
    expect(pulumi.with).toMatchObject({ command: "preview", "comment-on-pr": true, policyPacks: "policy", policyPackConfigs: "policy/config.${{ matrix.stack }}.json" });
    expect(preview.permissions).toMatchObject({ "id-token": "write", "pull-requests": "write" });
    expect(steps(preview).indexOf("npm ci")).toBeLessThan(steps(preview).findIndex((s) => s.startsWith("pulumi/actions@")));
  });

  it("merge to main deploys dev; a release tag deploys staging, then production behind its environment", () => {
    const dev = load("deploy-dev.yml");
    expect(dev.on).toEqual({ push: { branches: ["main"] } });
    expect(dev.jobs.deploy!.environment).toBe("dev");
    expect(steps(dev.jobs.deploy!).join("\n")).toContain("semantest-iac deploy --env dev");

    const release = load("release.yml");
    expect(release.on).toEqual({ push: { tags: ["v*.*.*"] } });
    expect(release.jobs.staging!.environment).toBe("staging");
    expect(release.jobs.production!.environment).toBe("production");
    expect(needs(release.jobs.production!)).toEqual(["staging"]);
    for (const env of ["staging", "production"]) {
      const run = steps(release.jobs[env]!).join("\n");
      expect(run).toContain(`--policy-pack policy --policy-pack-config policy/config.${env}.json`);
      expect(run.indexOf("pulumi preview")).toBeLessThan(run.indexOf(`semantest-iac deploy --env ${env}`));
    }
  });

  it("every policy config file a pipeline names exists", () => {
    for (const env of ["dev", "staging", "production"]) {
      expect(fs.existsSync(path.resolve(__dirname, `../../policy/config.${env}.json`))).toBe(true);
    }
  });
});
