/**
 * The CrossGuard pack, as Pulumi loads it: `pulumi preview --policy-pack policy
 * --policy-pack-config policy/config.<env>.json`. Constructing the PolicyPack starts the policy
 * server the engine talks to; the offline runner (offline.ts) uses pack.ts instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_ENFORCEMENT_LEVEL, PACK_NAME, packPolicies } from "./pack";

new PolicyPack(PACK_NAME, {
  description: PACK_DESCRIPTION,
  enforcementLevel: PACK_ENFORCEMENT_LEVEL,
  policies: packPolicies(),
});
