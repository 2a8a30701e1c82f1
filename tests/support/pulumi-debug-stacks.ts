/**
 * Installed for every test file by tests/support/jest-setup.ts: the stack trace @pulumi/pulumi records for every promise it
 * tracks is formatted the way plain Node formats it, without jest's source-map translation.
 *
 * Why: `debuggablePromise` (node_modules/@pulumi/pulumi/runtime/debuggable.js) reads
 * `new Error().stack` for each output, input and registration, to print it should the promise
 * still be pending when the process exits ("Promise leak detected"). Under jest, reading `.stack`
 * runs source-map-support over every frame, and for the SDK's own frames that means parsing its
 * .js.map files: a CPU profile of tests/components/program.test.ts spent 13 of its 37 busy
 * seconds there. Only that one capture is affected: every other stack (a failing test, an error
 * the program throws) is still mapped to the TypeScript sources, and the SDK still records its
 * debug stack as plain Node writes it: unmapped, and with Node's default depth of 10 frames (jest
 * raises Error.stackTraceLimit to 100 for the tests' own stacks).
 *
 * It is also formatted only when read: the SDK reads it only to print a leak report, which
 * almost never happens, while turning ten call sites into text for every promise was 6 % of a
 * program test's CPU. The capture keeps its first ten call sites and formats them on `toString`
 * (the SDK's report puts it in a template string), once.
 */
type PrepareStackTrace = (error: Error, callSites: NodeJS.CallSite[]) => unknown;

/** Node's default Error.stackTraceLimit: what the SDK records outside jest. */
export const NODE_STACK_FRAMES = 10;

const DEBUGGABLE = /[\\/]node_modules[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;

/** True when the stack being formatted is the one debuggablePromise captures. */
export function isPulumiDebugCapture(callSites: readonly NodeJS.CallSite[]): boolean {
  const first = callSites[0];
  return first !== undefined && first.getFunctionName() === "debuggablePromise" && DEBUGGABLE.test(first.getFileName() ?? "");
}

/** Node's own format: the error line, then one `    at <frame>` line per call site, at most `frames` of them. */
export function plainStack(error: Error, callSites: readonly NodeJS.CallSite[], frames = NODE_STACK_FRAMES): string {
  const head = Error.prototype.toString.call(error);
  return [head, ...callSites.slice(0, frames).map((site) => `    at ${String(site)}`)].join("\n");
}

/** A debug capture's stack, formatted as `plainStack` does the first time it is turned into text. */
export class DeferredStack {
  private text?: string;
  private readonly callSites: readonly NodeJS.CallSite[];
  constructor(
    private readonly error: Error,
    callSites: readonly NodeJS.CallSite[],
  ) {
    this.callSites = callSites.slice(0, NODE_STACK_FRAMES);
  }
  toString(): string {
    return (this.text ??= plainStack(this.error, this.callSites));
  }
}

export function installPulumiDebugStacks(errorClass: { prepareStackTrace?: PrepareStackTrace } = Error): void {
  const mapped = errorClass.prepareStackTrace;
  if (!mapped) return; // nothing maps stacks here: Node's own formatting already applies
  errorClass.prepareStackTrace = (error, callSites) => (isPulumiDebugCapture(callSites) ? new DeferredStack(error, callSites) : mapped(error, callSites));
}
