/**
 * A weighted `live` alias Lambda accepts: at most one additional version, both versions published
 * (never `$LATEST`), the additional version's weight strictly between 0 and 1. The provider does
 * not check the routing map (hashicorp/terraform-provider-aws internal/service/lambda/alias.go), so
 * without this rule a bad split fails only half-way through `pulumi up`. The rules and their
 * sources: components/aws/release-traffic.ts.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { aliasRoutingProblems } from "../../components/aws/release-traffic";
import { forTypes, quote, resourcePolicy } from "../lib/policy";

interface AliasProps {
  readonly functionVersion?: unknown;
  readonly routingConfig?: { readonly additionalVersionWeights?: unknown };
}

export function lambdaAliasRoutingValid(): ResourceValidationPolicy {
  return resourcePolicy(
    {
      name: "lambda-alias-routing-valid",
      concern: "reliability",
      severity: "high",
      description: "A Lambda alias splits traffic between two published versions at most, with the additional version's weight between 0 and 1 (Lambda API reference, AliasRoutingConfiguration).",
      remediationSteps: "Set semantest:release.traffic.weight between 0 and 1 and previous.versions to the liveVersions stack output (a version number); semantest-iac deploy does both.",
    },
    forTypes<AliasProps>(["aws:lambda/alias:Alias"], (props, args, reportViolation) => {
      for (const problem of aliasRoutingProblems(props.functionVersion, props.routingConfig?.additionalVersionWeights)) {
        reportViolation(`Lambda alias ${quote(args)}: ${problem}`);
      }
    }),
  );
}
