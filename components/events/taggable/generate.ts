/**
 * Regenerates the lists of resource types whose inputs take a `tags` map, straight from the
 * installed provider SDKs' typings (each resource's `<Name>Args` interface). Run after upgrading
 * @pulumi/aws or @pulumi/azure-native:  npx tsx components/events/taggable/generate.ts
 *
 * A resource is taggable when its Args declare `tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>`:
 * that excludes types without tags (aws:iam/rolePolicy, aws:lambda/permission, apigatewayv2 Route and
 * Integration, Azure role assignments) and types whose `tags` is something else (aws:autoscaling/group's list).
 */
import * as fs from "fs";
import * as path from "path";

export interface TaggableList {
  readonly package: string;
  readonly version: string;
  readonly types: readonly string[];
}

const TAGS_MAP = /\n {4}tags\?: pulumi\.Input<\{\s*\[key: string\]: pulumi\.Input<string>;/;

export function scanPackage(packageDir: string): TaggableList {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { name: string; version: string };
  const types: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "types") walk(file);
        continue;
      }
      if (!entry.name.endsWith(".js")) continue;
      const source = fs.readFileSync(file, "utf8");
      const token = /static __pulumiType = '([^']+)'/.exec(source)?.[1];
      if (!token) continue;
      const typings = file.replace(/\.js$/, ".d.ts");
      if (!fs.existsSync(typings)) continue;
      const className = token.slice(token.lastIndexOf(":") + 1);
      const text = fs.readFileSync(typings, "utf8");
      const start = text.indexOf(`export interface ${className}Args {`);
      if (start < 0) continue;
      const end = text.indexOf("\n}", start);
      if (TAGS_MAP.test(text.slice(start, end))) types.push(token);
    }
  };
  walk(packageDir);
  return { package: manifest.name, version: manifest.version, types: [...new Set(types)].sort() };
}

if (require.main === module) {
  const root = path.resolve(__dirname, "../../..");
  for (const [pkg, out] of [["@pulumi/aws", "aws.json"], ["@pulumi/azure-native", "azure-native.json"]] as const) {
    const list = scanPackage(path.join(root, "node_modules", pkg));
    fs.writeFileSync(path.join(__dirname, out), JSON.stringify(list, null, 1) + "\n");
    console.log(`${pkg}@${list.version}: ${list.types.length} taggable resource types -> ${out}`);
  }
}
