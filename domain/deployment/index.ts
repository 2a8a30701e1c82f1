export * from "./deployment";
export * from "./domain-event";
