/**
 * What the stack and the hosts agree on for auth, with no imports: components/aws/auth.ts and
 * components/azure/auth.ts write it, runtime/shared/auth.ts reads it.
 */

/** The Lambda / Function App setting carrying a component's auth settings as JSON (domain/config/auth.ts shapes). */
export const AUTH_ENV = "SEMANTEST_AUTH";
