/**
 * The CLI's commands, in the order `--help` lists them. Registering a command is one line here:
 * a command in its own file (cli/commands/<name>.ts) exports `register(program, ctx)` and is
 * listed as `require("./<name>").register,` (loaded at startup for `--help`; keep its module light
 * and load the use case inside the action).
 */
import type { Command } from "commander";
import type { CommandContext } from "../context";
import { registerDeploy, registerDev, registerEvents, registerHistory, registerPreview, registerRollback, registerStatus } from "./register";
import { registerInvoke, registerLogs, registerVerify } from "./register-tools";

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

/* eslint-disable @typescript-eslint/no-require-imports */
export const COMMANDS: readonly RegisterCommand[] = [
  registerPreview,
  registerDeploy,
  registerStatus,
  registerHistory,
  registerRollback,
  require("./destroy").register,
  require("./prune").register,
  registerEvents,
  require("./doctor").registerDoctor,
  require("./prices").registerPrices,
  registerVerify,
  registerLogs,
  registerInvoke,
  registerDev,
  require("./completion").registerCompletion,
];
/* eslint-enable @typescript-eslint/no-require-imports */
