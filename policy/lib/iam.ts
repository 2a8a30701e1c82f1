/** Reading IAM policy documents as the AWS provider receives them (a JSON string or an object). */

export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export type ParsedDocument = { readonly ok: true; readonly statements: readonly Statement[] } | { readonly ok: false; readonly error: string };

export function parseDocument(document: unknown): ParsedDocument {
  let value = document;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (error) {
      return { ok: false, error: `is not valid JSON (${(error as Error).message})` };
    }
  }
  if (!value || typeof value !== "object") return { ok: false, error: "is not a policy document object" };
  const statement = (value as { Statement?: unknown }).Statement;
  if (statement === undefined) return { ok: true, statements: [] };
  const list = Array.isArray(statement) ? statement : [statement];
  return { ok: true, statements: list.filter((s): s is Statement => !!s && typeof s === "object") };
}

export function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function isAllow(statement: Statement): boolean {
  return (statement.Effect ?? "Allow") === "Allow";
}

/** `*` or `service:*`: every action of every service, or of one whole service. */
export function isWildcardAction(action: string): boolean {
  return action === "*" || /^[a-z0-9-]+:\*$/i.test(action);
}

/** A statement label for messages: its Sid, or its position. */
export function label(statement: Statement, index: number): string {
  return statement.Sid ? `statement '${statement.Sid}'` : `statement #${index + 1}`;
}

/** Where an AWS resource type keeps its policy documents, by type token. */
export function documentsOf(type: string, props: Record<string, unknown>): { readonly where: string; readonly document: unknown }[] {
  switch (type) {
    case "aws:iam/rolePolicy:RolePolicy":
    case "aws:iam/policy:Policy":
    case "aws:iam/userPolicy:UserPolicy":
    case "aws:iam/groupPolicy:GroupPolicy":
      return props.policy === undefined ? [] : [{ where: "policy", document: props.policy }];
    case "aws:iam/role:Role": {
      const inline = (props.inlinePolicies as { name?: string; policy?: unknown }[] | undefined) ?? [];
      return inline
        .filter((p) => p && p.policy !== undefined)
        .map((p, i) => ({ where: `inlinePolicies[${p.name ?? i}]`, document: p.policy }));
    }
    default:
      return [];
  }
}

export const IAM_POLICY_TYPES = [
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/policy:Policy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
  "aws:iam/role:Role",
] as const;
