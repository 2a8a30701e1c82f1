import { CostLine, round6 } from "./model";
import type { Price } from "./prices/price-book";

/** A billed line: quantity times the book's price, with the price's unit and source. */
export function line(item: string, quantity: number, price: Price): CostLine {
  const q = Math.max(0, quantity);
  // toPrecision: per-million prices are stored per unit, and 0.2 / 1e6 is 2.0000000000000002e-7 in binary.
  return { item, quantity: round6(q), unit: price.unit, unitPrice: Number(price.usd.toPrecision(12)), amount: round6(q * price.usd), source: price.source };
}

/** Reads a numeric input, or the fallback when it is absent or not a finite number (e.g. computed). */
export function numberInput(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export function objectInput(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** How many metering units a payload takes (at least one). */
export const meteredUnits = (bytes: number, unitBytes: number): number => Math.max(1, Math.ceil(bytes / unitBytes));

export const GB = 1e9;
