/**
 * Runs the real CLI entry (`cli/main.ts` run) the way bin/semantest-iac.js does, with the project
 * directory given as the first argument: `cli-child.ts <projectDir> events flush --env dev --json`.
 * Nothing else keeps this process alive, so it ends exactly when the CLI's own work ends.
 */
import { run } from "../../../cli/main";

const [projectDir, ...argv] = process.argv.slice(2);
run(argv, undefined, projectDir).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`error: ${error.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
