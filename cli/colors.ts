import pc from "picocolors";

/**
 * Colours for what the CLI prints: only on a terminal, never with NO_COLOR (no-color.org). Plain
 * picocolors also colours whenever `CI` is set, which would put escape codes into CI logs and
 * into `--json`-less output that scripts read.
 */
export const colors = pc.createColors(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
