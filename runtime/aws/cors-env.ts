/** The variable carrying the CORS policy (JSON) when the REST function answers CORS itself; no imports, so the Pulumi program can read it. */
export const CORS_ENV = "SEMANTEST_CORS";
