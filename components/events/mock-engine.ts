import type * as pulumiModule from "@pulumi/pulumi";
import type { PlannedResource, Registration } from "./events-transform";

type Pulumi = typeof pulumiModule;

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  setObject(value: unknown): void;
  getIgnorechangesList(): string[];
  setIgnorechangesList(value: string[]): void;
}
type Callback = (error: unknown, response?: { getUrn(): string }) => void;

/**
 * Runs the stack transform where the engine would, for Pulumi's mock monitor: the MockMonitor does
 * not run stack transforms (@pulumi/pulumi runtime/mocks.d.ts: "The mock monitor does not run
 * transforms"), and a program evaluated without a root Stack resource cannot use the legacy
 * `registerStackTransformation` either. So every registration request is given to `plan` before
 * the mock monitor (and whoever records it) sees it, exactly one call per registration, and the
 * URN the mock assigned is reported back through `registered`.
 */
export function transformUnderMocks(
  pulumi: Pulumi,
  plan: (registration: Registration) => PlannedResource,
  registered: (urn: string, planned: PlannedResource) => void,
  warn: (message: string) => void,
): void {
  // Internal SDK modules, as adapters/engine/offline/evaluate.ts uses them: the same instance the program registers through.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rpc = require("@pulumi/pulumi/runtime/rpc") as {
    deserializeProperties(struct: unknown, keepUnknowns?: boolean): Record<string, unknown>;
    serializeProperty(ctx: string, prop: unknown, dependentResources: Set<unknown>): Promise<unknown>;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(value: unknown): unknown } };
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequest, callback: Callback): unknown };
  const register = monitor.registerResource.bind(monitor);

  monitor.registerResource = (req: RegisterRequest, callback: Callback) =>
    (async () => {
      let planned: PlannedResource | undefined;
      try {
        const object = req.getObject();
        const props = object ? rpc.deserializeProperties(object, true) : {};
        planned = plan({ type: req.getType(), name: req.getName(), custom: req.getCustom(), props, parentUrn: req.getParent() || undefined });
        if (planned.props && object) {
          // Only `tags` changes: re-serialise that one field and leave every other input byte for byte.
          const inputs = object.toJavaScript();
          inputs.tags = await rpc.serializeProperty("tags", planned.props.tags, new Set());
          req.setObject(Struct.fromJavaScript(inputs));
        }
        if (planned.ignoreChanges.length > 0) {
          req.setIgnorechangesList([...new Set([...req.getIgnorechangesList(), ...planned.ignoreChanges])]);
        }
      } catch (error) {
        warn(`could not apply the events transform to ${req.getType()} ${req.getName()}: ${(error as Error).message}`);
      }
      return register(req, (error, response) => {
        if (!error && response && planned) registered(response.getUrn(), planned);
        callback(error, response);
      });
    })();
}
