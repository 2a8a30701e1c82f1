/**
 * Whether the stack's auth names a real identity provider: the committed production stack carries
 * Semantest's placeholder issuer and audience (domain/config/auth.ts AUTH_PLACEHOLDERS) until the
 * account replaces them. Deploying with them gives API Gateway an authorizer on an issuer the
 * account does not control, and every caller 401: a failure, naming each key.
 */
import { authPlaceholderMessage, authPlaceholders, type DeploymentConfiguration } from "../../domain";
import type { CheckResult } from "./report";

const ID = "auth-issuer";
const TITLE = "Auth issuer and audiences";

/** The check, for a stack with auth (none without: there is nothing to name). */
export function authPlaceholderChecks(configuration: Pick<DeploymentConfiguration, "components">): CheckResult[] {
  const withAuth = configuration.components.filter((c) => "auth" in c && c.auth);
  if (withAuth.length === 0) return [];
  const found = authPlaceholders(configuration.components as Parameters<typeof authPlaceholders>[0]);
  if (found.length === 0) return [{ id: ID, title: TITLE, status: "pass", detail: `${withAuth.map((c) => c.kind).join(", ")}: not the placeholders` }];
  return [{ id: ID, title: TITLE, status: "fail", detail: authPlaceholderMessage(found), fix: `replace ${found.map((p) => p.key).join(", ")} with your identity provider's values` }];
}
