/**
 * fast-check arbitraries shared by property tests.
 *
 * `webUrl` here stands in for `fc.webUrl()`: fast-check builds `fc.webUrl()`'s path segments
 * (`fc.webSegment()`) from a table it computes on first use, about one CPU second per test file
 * (each test file has its own fast-check), for URLs the tests only need to be well-formed.
 * This one draws a scheme, a domain (`fc.domain()`, as `fc.webUrl()` does) and up to three path
 * segments of unreserved characters (RFC 3986 §2.3).
 */
import * as fc from "fast-check";

const SEGMENT = /^[A-Za-z0-9._~-]{1,12}$/;

export function webUrl(options: { readonly validSchemes?: readonly string[] } = {}): fc.Arbitrary<string> {
  const schemes = options.validSchemes ?? ["http", "https"];
  return fc
    .tuple(fc.constantFrom(...schemes), fc.domain(), fc.array(fc.stringMatching(SEGMENT), { maxLength: 3 }), fc.boolean())
    .map(([scheme, domain, segments, slash]) => `${scheme}://${domain}${segments.length || slash ? "/" : ""}${segments.join("/")}`);
}
