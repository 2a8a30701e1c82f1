/**
 * Issue 12, "done when": a production stack with both components on AWS, `vpc: true`, alarms and 8
 * config tags passes every check of the offline preview (resources, policy pack) with no manual step.
 * Also holds findings 3 (one VPC per stack; the program's own VPC policy passes the pack) and 6 (ENI
 * permissions outlive the interfaces).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import type { OfflinePreview } from "../../adapters/engine/offline/preview";
import { elasticIpsNeeded } from "../../components/aws/vpc";
import { offlinePreview as previewOffline, runProgram, type Run } from "../support/pulumi-harness";
import { productionAllAwsStackFile } from "./production-all-aws";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-prod-aws-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function offlinePreview(): Promise<OfflinePreview> {
  const file = path.join(tmp, "Pulumi.production.yaml");
  fs.writeFileSync(file, stringify(productionAllAwsStackFile()));
  return previewOffline("production", { configFile: file });
}

describe("production, both components on AWS, vpc: true, alarms, 8 config tags", () => {
  it("passes every policy of the pack in the offline preview (before the fix: iam-no-wildcard-resource-without-reason on ec2:DescribeSubnets)", async () => {
    const { document } = await offlinePreview();
    expect(document.policies.violations).toEqual([]);
    expect(document.resources.length).toBeGreaterThan(40);
  });
});

describe("one VPC per stack (finding 3) and ENI permissions that outlive the interfaces (finding 6)", () => {
  let run: Run;
  const { config } = productionAllAwsStackFile();
  beforeAll(async () => {
    run = await runProgram("production", config);
  });

  it("declares one VPC for both components, so NAT needs 3 Elastic IPs, not 6 (default quota: 5)", () => {
    expect(run.all("awsx:ec2:Vpc").map((v) => v.name)).toEqual(["aws-platform-vpc"]);
    const subnets = (name: string) => (run.get("aws:lambda/function:Function", `${name}-function`).inputs.vpcConfig as { subnetIds: string[] }).subnetIds;
    expect(subnets("rest-api")).toHaveLength(3);
    expect(subnets("websocket")).toEqual(subnets("rest-api"));
    expect(elasticIpsNeeded("production")).toBe(3);
    expect(elasticIpsNeeded("dev")).toBe(1);
  });

  it("keeps a security group per function in the shared VPC", () => {
    const vpcIds = ["rest-api", "websocket"].map((name) => run.get("aws:ec2/securityGroup:SecurityGroup", `${name}-egress`).inputs.vpcId);
    expect(vpcIds[0]).toMatch(/^vpc-/);
    expect(vpcIds[1]).toBe(vpcIds[0]);
  });

  it("puts the ENI rights in their own policy, which the function and its security group depend on (deleted after both)", () => {
    for (const name of ["rest-api", "websocket"]) {
      const access = run.get("aws:iam/rolePolicy:RolePolicy", `${name}-vpc-access`);
      const group = run.get("aws:ec2/securityGroup:SecurityGroup", `${name}-egress`);
      expect(run.get("aws:lambda/function:Function", `${name}-function`).dependencies).toContain(access.urn);
      expect(group.dependencies).toContain(access.urn);
      // The policy must not depend on the group, or the group would be deleted after it.
      expect(access.dependencies).not.toContain(group.urn);
      const main = JSON.parse(run.get("aws:iam/rolePolicy:RolePolicy", `${name}-role-policy`).inputs.policy as string) as { Statement: { Action: string | string[] }[] };
      expect(main.Statement.flatMap((s) => [s.Action].flat()).some((a) => a.startsWith("ec2:"))).toBe(false);
    }
  });
});
