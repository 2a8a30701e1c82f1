export * from "./deployment";
export * from "./domain-event";
export * from "./release-step";
