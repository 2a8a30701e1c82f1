/**
 * Evaluates a Pulumi program in-process under Pulumi's own mocks (`pulumi.runtime.setMocks`):
 * no engine, no provider plugins, no cloud. Every registration is recorded with its type, name,
 * parent, inputs and dependencies. Used by `preview --offline` and by the component tests.
 */
import type { RecordedResource } from "../../../application/ports/offline";
import { mockCall, mockId, mockState, MockContext } from "./mocks";
import { skipUnreportedPromiseStacks } from "./promise-stacks";

export type { RecordedResource };

export interface EvaluationInput {
  readonly project: string;
  readonly stack: string;
  /** Config as the engine passes it: `namespace:key` -> string (structured values JSON-encoded). */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  /** Preview (`isDryRun`) or update semantics. Default: preview. */
  readonly preview?: boolean;
  /** Runs the program: returns its stack outputs (or a promise of them). */
  readonly program: () => unknown;
  /** Called for every registration, in order, as it is recorded. */
  readonly onResource?: (resource: RecordedResource) => void;
}

export interface Evaluation {
  readonly resources: readonly RecordedResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
}

export const COMPUTED = "<computed>";
export const SECRET = "[secret]";

export async function evaluate(input: EvaluationInput): Promise<Evaluation> {
  // Required here, not imported: the program must see the very module instance the mocks are set on.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rpc = require("@pulumi/pulumi/runtime/rpc") as { deserializeProperties(struct: unknown, keepUnknowns?: boolean): Record<string, unknown> };

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  skipUnreportedPromiseStacks(require("@pulumi/pulumi/runtime/debuggable"));

  const context = mockContext(input);
  const preview = input.preview ?? true;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: mockId(args), state: mockState(args, context) }),
      call: (args) => mockCall(args.token, args.inputs, context),
    },
    input.project,
    input.stack,
    preview,
  );
  pulumi.runtime.setAllConfig({ ...input.config }, [...(input.secretKeys ?? [])]);

  const resources: RecordedResource[] = [];
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RegisterRequest, callback: (err: unknown, response?: { getUrn(): string }) => void): Promise<void>;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, response) => {
      if (!err && response) {
        const resource: RecordedResource = {
          urn: response.getUrn(),
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent() || null,
          custom: req.getCustom(),
          inputs: plain(rpc.deserializeProperties(req.getObject(), true), pulumi) as Record<string, unknown>,
          dependencies: [...new Set([...req.getDependenciesList(), ...Object.values(propertyDependencies(req)).flat()])],
          propertyDependencies: propertyDependencies(req),
          options: {
            retainOnDelete: req.getRetainondelete?.() ?? false,
            protect: req.getProtect?.() ?? false,
            aliases: (req.getAliasesList?.() ?? []).map((alias) => alias.getUrn?.() || alias.toString()),
            ignoreChanges: req.getIgnorechangesList?.() ?? [],
          },
        };
        resources.push(resource);
        input.onResource?.(resource);
      }
      callback(err, response);
    });

  const returned = await input.program();
  const outputs: Record<string, unknown> = {};
  if (returned && typeof returned === "object") {
    for (const [key, value] of Object.entries(returned)) {
      outputs[key] = plain(await resolve(pulumi, value), pulumi);
    }
  }
  // `waitForRPCs` is internal to the SDK (not in its typings) but is how Pulumi itself drains registrations.
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  return { resources, outputs };
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): unknown;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
  getRetainondelete?(): boolean;
  getProtect?(): boolean;
  getAliasesList?(): { getUrn?(): string }[];
  getIgnorechangesList?(): string[];
}

function propertyDependencies(req: RegisterRequest): Record<string, string[]> {
  const byProperty: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    const urns = deps.getUrnsList();
    if (urns.length > 0) byProperty[key] = urns;
  });
  return byProperty;
}

async function resolve(pulumi: typeof import("@pulumi/pulumi"), value: unknown): Promise<unknown> {
  const output = pulumi.output(value as never) as unknown as { promise(withUnknowns?: boolean): Promise<unknown> };
  return output.promise(true);
}

/** Makes a deserialized value printable: unknowns become "<computed>", secrets "[secret]", assets their description. */
function plain(value: unknown, pulumi: typeof import("@pulumi/pulumi")): unknown {
  if (pulumi.isUnknown(value)) return COMPUTED;
  if (Array.isArray(value)) return value.map((item) => plain(item, pulumi));
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270") return SECRET;
    if (pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value)) return describeAsset(record);
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(record)) out[key] = plain(inner, pulumi);
    return out;
  }
  return value;
}

function describeAsset(asset: Record<string, unknown>): Record<string, unknown> {
  for (const key of ["path", "uri", "text"]) {
    if (asset[key] !== undefined) return { [`asset.${key}`]: key === "text" ? `${String(asset[key]).length} characters` : asset[key] };
  }
  return { asset: Object.keys((asset.assets as object | undefined) ?? {}) };
}

function mockContext(input: EvaluationInput): MockContext {
  return {
    stack: input.stack,
    project: input.project,
    awsRegion: input.config["aws:region"] ?? "us-east-1",
    azureLocation: input.config["azure-native:location"] ?? "westeurope",
    awsAccountId: "123456789012",
    azureSubscriptionId: "00000000-0000-0000-0000-000000000000",
    azureTenantId: "00000000-0000-0000-0000-00000000a11d",
  };
}
