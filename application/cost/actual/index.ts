export * from "./actual-cost";
export * from "./ports";
export * from "./stack-cost";
