export { CHANGE_OPS, changeCount, changedKeys, diffPreviews, summarize, withoutPaths } from "./diff-previews";
export type { ChangeOp, ChangeSummary, DiffOptions, PreviewDiff, PreviewResource, PreviewResources, ResourceChange } from "./diff-previews";
export { parseBaseline } from "./baseline";
export type { BaselineResult } from "./baseline";
export { REPLACE_ON_CHANGES, replacingKeys } from "./replace-rules";
export type { ReplaceRule } from "./replace-rules";
