/** The domain: pure TypeScript, no @pulumi, no cloud SDKs, no Node I/O (dependency-cruiser checks). */
export * from "./config";
export * from "./deployment";
export * from "./shared/result";
