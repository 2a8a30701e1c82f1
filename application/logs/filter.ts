/**
 * `--filter`: text a line must contain, matched case-sensitively as one phrase on both clouds
 * (a quoted term in a CloudWatch filter pattern; `contains_cs` on Log Analytics). Double quotes and
 * control characters cannot be expressed in both, so they are refused.
 */

/** CloudWatch Logs caps a filter pattern at 1024 characters (FilterLogEvents API reference, filterPattern); two go to the quotes. */
export const MAX_FILTER_LENGTH = 1022;

export type FilterResult = { readonly ok: true; readonly filter: string | undefined } | { readonly ok: false; readonly problem: string };

export function parseFilter(text: string | undefined): FilterResult {
  if (text === undefined) return { ok: true, filter: undefined };
  const refuse = (why: string): FilterResult => ({
    ok: false,
    problem: `--filter ${JSON.stringify(text)} ${why}; allowed: 1-${MAX_FILTER_LENGTH} characters of text without double quotes or control characters (matched as one case-sensitive phrase)`,
  });
  if (text.length === 0) return refuse("is empty");
  if (text.length > MAX_FILTER_LENGTH) return refuse(`is ${text.length} characters long`);
  if (text.includes('"')) return refuse("contains a double quote");
  if (/[\u0000-\u001f\u007f]/.test(text)) return refuse("contains a control character");
  return { ok: true, filter: text };
}
