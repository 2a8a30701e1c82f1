/**
 * Lifecycle rehearsal (issue 17): dev as committed (both components on AWS) and production with
 * both components on AWS. `known`: expectations today's code breaks, held as test.failing.
 */
import { describeRehearsal, KnownFailures } from "./rehearsal-suite";

const KNOWN: KnownFailures = {
};

describeRehearsal("dev", KNOWN);
describeRehearsal("all-aws", KNOWN);
