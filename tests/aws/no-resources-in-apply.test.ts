/**
 * No resource is declared inside `apply()` (STYLE habit 9): such resources are invisible to
 * `pulumi preview` until their inputs resolve. Checked on the AWS components' syntax tree: no
 * `new …` appears inside a callback passed to `.apply(…)`, and decisions use plain config values.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PROJECT_DIR } from "../support/pulumi-harness";

const DIR = path.join(PROJECT_DIR, "components/aws");

function newInsideApply(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node, insideApply: boolean) => {
    if (insideApply && ts.isNewExpression(node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${path.basename(file)}:${line + 1} new ${node.expression.getText(source)}`);
    }
    const isApply = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "apply";
    if (isApply) {
      node.expression.forEachChild((child) => visit(child, insideApply));
      for (const argument of (node as ts.CallExpression).arguments) visit(argument, true);
      return;
    }
    node.forEachChild((child) => visit(child, insideApply));
  };
  visit(source, false);
  return found;
}

describe("the AWS components", () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".ts")).map((f) => path.join(DIR, f));

  it("declare no resource inside apply()", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap(newInsideApply)).toEqual([]);
  });

  it("the check itself finds a resource declared inside apply()", () => {
    const sample = path.join(PROJECT_DIR, ".semantest", "apply-sample.ts");
    fs.mkdirSync(path.dirname(sample), { recursive: true });
    fs.writeFileSync(sample, "table.name.apply((n) => new aws.s3.Bucket(n, {}));\nconst ok = new aws.s3.Bucket('b', {});\n");
    expect(newInsideApply(sample)).toEqual(["apply-sample.ts:1 new aws.s3.Bucket"]);
  });
});
