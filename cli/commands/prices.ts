/**
 * `semantest-iac prices update`: refresh the cost estimate's price books from the AWS Price List
 * API and the Azure Retail Prices API (application/cost/update over adapters/prices), and print
 * what changed. Nothing is written unless every price was read.
 */
import { Command, Option } from "commander";
import type { BookUpdate, PriceCloud, UpdatePricesResult } from "../../application/cost/update";
import { ExitCodes } from "../../application/exit-codes";
import type { CommandContext } from "../context";
import { printJson } from "./shared";

export interface PricesUpdateFlags {
  readonly cloud?: PriceCloud;
  readonly dryRun?: boolean;
  readonly dir?: string;
  readonly json?: boolean;
}

export function registerPrices(program: Command, ctx: CommandContext): void {
  const prices = program.command("prices").description("The price books behind the cost estimate (docs/cost.md#prices).");
  prices
    .command("update")
    .description("Read every price of the books from the AWS Price List API and the Azure Retail Prices API; write the books only when all were read, and print what changed.")
    .addOption(new Option("--cloud <cloud>", "update one book only (default: both)").choices(["aws", "azure"]))
    .option("--dry-run", "read and compare, write nothing")
    .option("--dir <dir>", "write the books to this folder instead of the ones the estimator reads (to review them first)")
    .option("--json", "print one JSON document on stdout (errors too)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ semantest-iac prices update\n  $ semantest-iac prices update --cloud azure --dry-run\n  $ semantest-iac prices update --dir /tmp/books --json\n\nAWS needs credentials with pricing:GetProducts (any account); Azure's API needs none.\nExit codes: 0 books written (or compared, with --dry-run), 1 a price could not be read (nothing written), 2 usage.\n",
    )
    .action(async (flags: PricesUpdateFlags) => ctx.setExitCode(await pricesUpdate(flags, ctx)));
}

export async function pricesUpdate(flags: PricesUpdateFlags, ctx: CommandContext): Promise<number> {
  // Loaded when run: the price sources load the AWS SDK and Azure's pipeline.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { updatePrices } = require("../../application/cost/update") as typeof import("../../application/cost/update");
  const { priceSources, PriceBookFolder } = require("../../adapters/prices") as typeof import("../../adapters/prices");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const today = ctx.ports(Boolean(flags.json)).clock.now().toISOString().slice(0, 10);
  const files = flags.dir ? new PriceBookFolder(flags.dir) : new PriceBookFolder();
  const result = await updatePrices(priceSources(ctx.env), files, { clouds: flags.cloud ? [flags.cloud] : ["aws", "azure"], today, dryRun: flags.dryRun });
  if (flags.json) printJson(ctx.io, result);
  else ctx.io.stdout(renderPricesUpdate(result));
  return ExitCodes.ok;
}

const API: Readonly<Record<PriceCloud, string>> = { aws: "AWS Price List API", azure: "Azure Retail Prices API" };

export function renderPricesUpdate(result: UpdatePricesResult): string {
  const lines: string[] = [];
  for (const book of result.books) lines.push(...bookLines(book));
  lines.push(result.writtenTo ? `Written to ${result.writtenTo}` : "Dry run: nothing written");
  return lines.join("\n");
}

function bookLines(book: BookUpdate): string[] {
  const head = `${book.file} (${API[book.cloud]}, ${book.region}, as of ${book.asOf}): ${book.changes.length === 0 ? "no price changed" : `${book.changes.length} changed`}, ${book.unchanged} unchanged`;
  const width = Math.max(0, ...book.changes.map((c) => c.price.length));
  const rows = book.changes.map((c) => {
    const percent = c.before === 0 ? "new" : `${c.after > c.before ? "+" : ""}${(((c.after - c.before) / c.before) * 100).toFixed(1)}%`;
    return `  ${c.price.padEnd(width)}  $${c.before} → $${c.after} per ${c.unit} (${percent})`;
  });
  return [head, ...rows, ...book.kept.map((k) => `  kept ${k}`)];
}
