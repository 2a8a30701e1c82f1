/**
 * Coverage instrumentation (`jest --coverage`) puts its per-run counters and file paths into a
 * serialized dynamic provider's text; the engine never sees them, so tests take them out.
 */
export function withoutCoverage(text: string): string {
  return text.replace(/^.*actualCoverage.*$/gm, "");
}
