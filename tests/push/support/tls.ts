/**
 * A self-signed certificate for local HTTPS recorders: the Azure SDKs refuse bearer tokens over
 * plain HTTP ("Bearer token authentication is not permitted for non-TLS protected URLs",
 * @azure/core-rest-pipeline bearerTokenAuthenticationPolicy), so identity-based calls are only
 * tried against TLS servers, whose certificate `trustTestCertificate` makes this process trust.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

let cached: { key: string; cert: string } | undefined;

export function selfSignedCertificate(): { key: string; cert: string } {
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "push-tls-"));
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:vault.localhost"], { stdio: "ignore" });
  cached = { key: fs.readFileSync(key, "utf8"), cert: fs.readFileSync(cert, "utf8") };
  fs.rmSync(dir, { recursive: true, force: true });
  return cached;
}

/**
 * Trusts the test certificate for loopback TLS connections made in this process, with full
 * verification (chain and host name). Jest gives each test file its own `process.env`, so
 * NODE_EXTRA_CA_CERTS / NODE_TLS_REJECT_UNAUTHORIZED set here would not reach Node's TLS; the
 * `https` module reaches `tls.connect` through the module object, so adding the CA there does.
 */
export function trustTestCertificate(): () => void {
  const tls = require("tls") as typeof import("tls") & { connect: (...args: unknown[]) => unknown };
  const original = tls.connect;
  const { cert } = selfSignedCertificate();
  tls.connect = ((...args: unknown[]) => {
    const options = args.find((a): a is Record<string, unknown> => typeof a === "object" && a !== null);
    const host = String(options?.servername || options?.host || "");
    if (options && (host === "127.0.0.1" || host === "localhost" || host.endsWith(".localhost"))) options.ca = [cert];
    return (original as (...a: unknown[]) => unknown)(...args);
  }) as typeof tls.connect;
  return () => {
    tls.connect = original;
  };
}
