"use strict";
/**
 * jest.config.js's e2e criterion: a suite is e2e when it starts a process, i.e. its source calls
 * one of these (each starts one, directly or through the module named):
 * - child_process itself (`spawn`, `fork`, `execFile`, ...) and playwright's `chromium.launch`;
 * - `runCli` and `runNode` (tests/support/cli.ts: the real `semantest-iac` binary, a child Node), `startGatewayProcess` and
 *   `startDevProcess` (tests/local/support.ts: `semantest-iac dev` as a child);
 * - `startGateway` (runtime/local/gateway.ts: the gateway runs in the test's process but forks one
 *   child Node per function it invokes) and `FunctionWorker` (runtime/local/worker.ts: that child);
 * - `trustTestCertificate` and `selfSignedCertificate` (tests/push/support/tls.ts: run `openssl`).
 * tests/speed/e2e-detection.test.ts checks that each still starts a process where it says.
 */
const STARTERS = ["runCli", "runNode", "startGatewayProcess", "startDevProcess", "startGateway", "FunctionWorker", "trustTestCertificate", "selfSignedCertificate", "spawn", "spawnSync", "execFile", "execFileSync", "fork"];

const STARTS_PROCESSES = new RegExp(`\\b(${STARTERS.join("|")})\\s*\\(|\\bchromium\\.launch\\b`);

module.exports = { STARTERS, STARTS_PROCESSES };
