/**
 * `semantest:notifications`: who hears about an alarm, on both clouds (SNS subscriptions on AWS,
 * an action group on Azure).
 *
 * ```yaml
 * semantest:notifications:
 *   email: [oncall@semantest.com]
 *   webhooks: [https://hooks.example.com/semantest-alerts]
 * ```
 */
import { field, isObject, LIST_MAX, unknownKeys } from "./fields";
import { fail, Parsed, problem, ProblemCollector } from "./problem";
import { ok } from "../shared/result";

export interface NotificationTargets {
  readonly email: readonly string[];
  /** `https://` URLs that receive each alarm's state change (SNS HTTPS subscription / action group webhook). */
  readonly webhooks: readonly string[];
}

export const NOTIFICATION_KEYS = ["email", "webhooks"] as const;
export const NO_NOTIFICATIONS: NotificationTargets = { email: [], webhooks: [] };

/** An action group takes at most 10 webhook actions (Microsoft Learn, "Azure Monitor service limits", Action groups). */
export const WEBHOOKS_MAX = 10;
/** Kept well under an action group's 1,000 email actions: a page goes to a list, not a directory. */
export const EMAILS_MAX = 50;
/** RFC 5321 §4.5.3.1: a path (address) of at most 254 characters written out. */
export const EMAIL_MAX = 254;
export const WEBHOOK_URL_MAX = 2048;
/** One `@`, something before it, a dotted domain after it, no spaces, angle brackets or commas (a list in one entry). */
const EMAIL = /^[^\s@<>,;"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

export function parseNotifications(raw: unknown, path = "semantest:notifications"): Parsed<NotificationTargets> {
  if (raw === undefined || raw === null) return ok(NO_NOTIFICATIONS);
  if (!isObject(raw)) return fail(problem(path, raw, `is not an object; allowed: { ${NOTIFICATION_KEYS.join(", ")} }`));
  const found = new ProblemCollector();
  found.add(...unknownKeys(path, raw, NOTIFICATION_KEYS));
  const email = list(raw, "email", `${path}.email`, EMAILS_MAX, found, (value) =>
    value.length > EMAIL_MAX ? `is ${value.length} characters long; allowed: an address of at most ${EMAIL_MAX}` : EMAIL.test(value) ? undefined : "is not an email address; allowed: one address such as oncall@example.com",
  );
  const webhooks = list(raw, "webhooks", `${path}.webhooks`, WEBHOOKS_MAX, found, webhookProblem);
  return found.result(() => ({ email, webhooks }));
}

/** Webhooks carry alarm details out of the cloud: HTTPS only, and no credentials in the URL's user part. */
function webhookProblem(value: string): string | undefined {
  if (value.length > WEBHOOK_URL_MAX) return `is ${value.length} characters long; allowed: a URL of at most ${WEBHOOK_URL_MAX}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a URL; allowed: an https:// URL";
  }
  if (url.protocol !== "https:") return `uses ${url.protocol.replace(":", "")}; allowed: an https:// URL (alarm details must not travel in clear)`;
  if (url.username || url.password) return "carries a user name or password; allowed: an https:// URL without credentials before the host (put a token in the path or query and keep the key a Pulumi secret)";
  return undefined;
}

function list(raw: Readonly<Record<string, unknown>>, key: string, path: string, max: number, found: ProblemCollector, check: (value: string) => string | undefined): string[] {
  const value = field(raw, key);
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    found.add(problem(path, value, "is not a list of strings"));
    return [];
  }
  if (value.length > Math.min(max, LIST_MAX)) {
    found.add(problem(path, value, `has ${value.length} items; allowed: at most ${Math.min(max, LIST_MAX)}`));
    return [];
  }
  const kept: string[] = [];
  value.forEach((item, i) => {
    const why = typeof item !== "string" || item.trim() === "" ? "is not a non-empty string" : check(item.trim());
    if (why) found.add(problem(`${path}[${i}]`, item, why));
    else if (!kept.includes((item as string).trim())) kept.push((item as string).trim());
  });
  return kept;
}
