/** The gateway's output: one line per invocation, colour on a TTY unless NO_COLOR. */
import pc from "picocolors";

export interface GatewayLog {
  /** One invocation: `12:00:00.123 rest   GET /health 200 4ms`. */
  invocation(kind: "rest" | "ws" | "mgmt" | "upstream" | "service" | "function", text: string, status: number | string, ms?: number, error?: string): void;
  /** The hosted function's own output (console.log in the handler). */
  function(name: string, line: string): void;
  info(text: string): void;
  error(text: string): void;
}

export function createLog(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`), options: { color?: boolean; quietFunctions?: boolean } = {}): GatewayLog {
  const colors = pc.createColors(options.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR));
  const time = () => new Date().toISOString().slice(11, 23);
  const paint = (status: number | string) => {
    const text = String(status);
    if (typeof status === "number") return status >= 500 ? colors.red(text) : status >= 400 ? colors.yellow(text) : colors.green(text);
    return colors.cyan(text);
  };
  return {
    invocation: (kind, text, status, ms, error) =>
      write(`${colors.dim(time())} ${kind.padEnd(8)} ${text} ${paint(status)}${ms === undefined ? "" : colors.dim(` ${ms}ms`)}${error ? ` ${colors.red(error)}` : ""}`),
    function: (name, line) => {
      if (!options.quietFunctions) write(`${colors.dim(time())} ${colors.dim(`[${name}]`)} ${colors.dim(line)}`);
    },
    info: (text) => write(`${colors.dim(time())} ${text}`),
    error: (text) => write(`${colors.dim(time())} ${colors.red(text)}`),
  };
}
