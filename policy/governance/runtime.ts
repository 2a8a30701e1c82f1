/** Functions run on a Node.js version that still gets security fixes. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { quote, resourcePolicy } from "../lib/policy";

/** Lambda runtimes not yet deprecated (Lambda Developer Guide, "Supported runtimes"). */
export const DEFAULT_LAMBDA_RUNTIMES = ["nodejs20.x", "nodejs22.x"];
/** Azure Functions Node.js versions on the supported-languages list. */
export const DEFAULT_FUNCTIONS_NODE_VERSIONS = ["20", "22"];

interface FunctionAppProps {
  kind?: string;
  functionAppConfig?: { runtime?: { name?: string; version?: string } };
  siteConfig?: { linuxFxVersion?: string; nodeVersion?: string; appSettings?: { name?: string; value?: string }[] };
}

/** What Node version a Function App declares, wherever it declares it. */
export function functionAppRuntime(props: FunctionAppProps): { name: string; version: string } | undefined {
  const flex = props.functionAppConfig?.runtime;
  if (flex?.name) return { name: flex.name.toLowerCase(), version: String(flex.version ?? "") };
  const fx = props.siteConfig?.linuxFxVersion;
  if (fx) {
    const [name, version] = fx.split("|");
    return { name: (name ?? "").toLowerCase(), version: version ?? "" };
  }
  const setting = props.siteConfig?.appSettings?.find((s) => s?.name === "WEBSITE_NODE_DEFAULT_VERSION")?.value ?? props.siteConfig?.nodeVersion;
  if (setting) return { name: "node", version: setting };
  return undefined;
}

function major(version: string): string {
  return version.replace(/^[~^v]/, "").split(".")[0] ?? "";
}

export function supportedNodeRuntime(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "supported-nodejs-runtime",
      concern: "governance",
      severity: "high",
      description: "Lambda functions use nodejs20.x or nodejs22.x; Function Apps declare Node 20 or 22.",
      remediationSteps: "Set runtime: 'nodejs22.x' on the Lambda, functionAppConfig.runtime { name: 'node', version: '22' } on the Function App.",
      config: {
        lambdaRuntimes: { type: "array", items: { type: "string" }, default: DEFAULT_LAMBDA_RUNTIMES },
        functionsNodeVersions: { type: "array", items: { type: "string" }, default: DEFAULT_FUNCTIONS_NODE_VERSIONS },
      },
    },
    (args, reportViolation) => {
      const config = args.getConfig<{ lambdaRuntimes?: string[]; functionsNodeVersions?: string[] }>();
      if (args.type === "aws:lambda/function:Function") {
        if (args.props.packageType === "Image") return;
        const allowed = config.lambdaRuntimes ?? DEFAULT_LAMBDA_RUNTIMES;
        const runtime = args.props.runtime as string | undefined;
        if (!runtime || !allowed.includes(runtime)) {
          reportViolation(`Lambda function ${quote(args)} uses runtime '${runtime ?? "(missing)"}'; allowed: ${allowed.join(", ")}.`);
        }
        return;
      }
      if (args.type === "azure-native:web:WebApp") {
        const props = args.props as FunctionAppProps;
        if (!(props.kind ?? "").toLowerCase().includes("functionapp")) return;
        const allowed = config.functionsNodeVersions ?? DEFAULT_FUNCTIONS_NODE_VERSIONS;
        const runtime = functionAppRuntime(props);
        if (!runtime) {
          reportViolation(`Function App ${quote(args)} declares no runtime (functionAppConfig.runtime or siteConfig.linuxFxVersion); allowed: Node ${allowed.join(", ")}.`);
        } else if (runtime.name !== "node" || !allowed.includes(major(runtime.version))) {
          reportViolation(`Function App ${quote(args)} runs '${runtime.name} ${runtime.version}'; allowed: Node ${allowed.join(", ")}.`);
        }
      }
    },
  );
}
