"use strict";
/**
 * jest.config.js's e2e criterion: a suite is e2e when it starts a process, i.e. its source calls
 * one of these (each starts one, directly or through the module named):
 * - child_process itself (`spawn`, `fork`, `execFile`, ...) and playwright's `chromium.launch`;
 * - `runCli` and `runNode` (tests/support/cli.ts: the real `semantest-iac` binary, a child Node), `startGatewayProcess` and
 *   `startDevProcess` (tests/local/support.ts: `semantest-iac dev` as a child);
 * - `startGateway` (runtime/local/gateway.ts: the gateway runs in the test's process but forks one
 *   child Node per function it invokes), the hosts it is made of (`startAwsHost`, `startAzureHost`,
 *   `startAwsRestAzureWebSocketHost`, runtime/local/) and `FunctionWorker` (runtime/local/worker.ts:
 *   that child);
 * - `startEntraStorage` (tests/storage/support/entra-storage.ts: Azurite as a child Node, behind a keys-off front);
 * - `trustTestCertificate` and `selfSignedCertificate` (tests/push/support/tls.ts: run `openssl`);
 * - `moduleEdges` (scripts/architecture.ts: runs dependency-cruiser as a child Node);
 * - an import of bench/fuzz/support/sigkill-trial (its `trial` starts a publisher child and kills it).
 * tests/speed/e2e-detection.test.ts checks that each still starts a process where it says.
 */
const STARTERS = ["runCli", "runNode", "startGatewayProcess", "startDevProcess", "startGateway", "startAwsHost", "startAzureHost", "startAwsRestAzureWebSocketHost", "FunctionWorker", "startEntraStorage", "trustTestCertificate", "selfSignedCertificate", "moduleEdges", "spawn", "spawnSync", "execFile", "execFileSync", "fork"];

/** Support modules whose functions start processes under names too common to look for. */
const STARTING_MODULES = ["bench/fuzz/support/sigkill-trial"];

const STARTS_PROCESSES = new RegExp(
  `\\b(${STARTERS.join("|")})\\s*\\(|\\bchromium\\.launch\\b|from\\s+"[./]*/(${STARTING_MODULES.join("|")})"`,
);

module.exports = { STARTERS, STARTING_MODULES, STARTS_PROCESSES };
