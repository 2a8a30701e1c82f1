export * from "./catalog";
export * from "./offers";
export * from "./ports";
export * from "./update-prices";
