import type picocolors from "picocolors";

type Colors = Omit<typeof picocolors, "createColors">;

/**
 * picocolors, loaded when a colour is first used: when it loads, it reads `process.stdout.isTTY`,
 * and opening `process.stdout` is most of what `--help` would load besides itself (Node's stream
 * modules; cli/output.ts writes without them). Every command that colours prints anyway.
 */
function lazy(make: () => Colors): Colors {
  let made: Colors | undefined;
  return new Proxy({} as Colors, { get: (_target, key) => (made ??= make())[key as keyof Colors] });
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = () => require("picocolors") as typeof picocolors;

/**
 * Colours for what the CLI prints: only on a terminal, never with NO_COLOR (no-color.org). Plain
 * picocolors also colours whenever `CI` is set, which would put escape codes into CI logs and
 * into `--json`-less output that scripts read.
 */
export const colors = lazy(() => load().createColors(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR));

/** picocolors' own choice (the progress lines on stderr: cli/progress.ts), made when first used. */
export const picocolorsDefault = lazy(load);
