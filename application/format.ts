/** Small text forms shared by the use cases' progress notes and the CLI's rendering (no imports: the CLI loads it for `--help`). */
export function shortDigest(digest: string | undefined): string {
  return digest ? `${digest.slice(0, 19)}…` : "-";
}
