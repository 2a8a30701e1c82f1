/**
 * Whether a resource type takes tags, read from the provider SDK itself: a generated resource class
 * copies `args.tags` into its inputs exactly when the provider schema has a `tags` input. Types
 * the SDK does not have here (components, other providers) count as taggable when they carry tags.
 */
const cache = new Map<string, boolean | undefined>();

/** `aws:lambda/function:Function` -> `@pulumi/aws/lambda/function`; `azure-native:web:WebApp` -> `@pulumi/azure-native/web/webApp`. */
export function sdkModuleOf(type: string): { module: string; className: string } | undefined {
  const [provider, module, className] = type.split(":");
  if (!provider || !module || !className) return undefined;
  if (provider === "aws") return { module: `@pulumi/aws/${module}`, className };
  if (provider === "azure-native") return { module: `@pulumi/azure-native/${module}/${className[0]!.toLowerCase()}${className.slice(1)}`, className };
  return undefined;
}

/** true / false when the SDK says; undefined when the type is not in an SDK installed here. */
export function sdkSaysTaggable(type: string): boolean | undefined {
  if (cache.has(type)) return cache.get(type);
  let result: boolean | undefined;
  const where = sdkModuleOf(type);
  if (where) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(where.module) as Record<string, unknown>;
      const resourceClass = loaded[where.className];
      if (typeof resourceClass === "function") result = /resourceInputs\["tags"\]\s*=\s*args/.test(resourceClass.toString());
    } catch {
      result = undefined;
    }
  }
  cache.set(type, result);
  return result;
}

export function isTaggable(type: string, props: Record<string, unknown>): boolean {
  return sdkSaysTaggable(type) ?? (props.tags !== undefined && typeof props.tags === "object");
}
