export * from "./envelope";
export * from "./preview-events";
export * from "./resource-events";
