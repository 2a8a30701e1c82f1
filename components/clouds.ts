import type { CloudProvider } from "../domain";
import type { CloudImplementation } from "./cloud";
import type { ComponentImplementation } from "./endpoint-component";

/**
 * Each cloud's implementation, loaded the first time a stack uses that cloud: an all-AWS stack
 * never loads `@pulumi/azure-native` and an all-Azure one never loads `@pulumi/aws` (issue 15:
 * loading the SDKs is most of an offline preview's time). `require`, not `import()`, because the
 * program runs as CommonJS under both `pulumi up` and the CLI.
 */
export function cloudImplementation(provider: CloudProvider): CloudImplementation {
  /* eslint-disable @typescript-eslint/no-require-imports */
  switch (provider) {
    case "aws":
      return (require("./aws") as typeof import("./aws")).aws;
    case "azure":
      return (require("./azure") as typeof import("./azure")).azure;
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Both clouds' implementations of one component, each loaded when first called. */
export function onDemand<A>(pick: (cloud: CloudImplementation) => ComponentImplementation<A>): Readonly<Record<CloudProvider, ComponentImplementation<A>>> {
  return {
    aws: (name, args, parent) => pick(cloudImplementation("aws"))(name, args, parent),
    azure: (name, args, parent) => pick(cloudImplementation("azure"))(name, args, parent),
  };
}
