/**
 * The billing readers of `status --cost`, from the environment: the official clients, loaded when
 * first asked. AWS_ENDPOINT_URL_COST_EXPLORER (or AWS_ENDPOINT_URL) and SEMANTEST_IAC_ARM_ENDPOINT
 * point them elsewhere (tests: local recorders; NODE_EXTRA_CA_CERTS then trusts the recorder).
 */
import type { BillingSources } from "../../application/cost/actual";

/* eslint-disable @typescript-eslint/no-require-imports */
export function billingSources(env: NodeJS.ProcessEnv): BillingSources {
  return {
    aws: () => {
      const { CostExplorerReader } = require("./aws-cost-explorer") as typeof import("./aws-cost-explorer");
      const endpoint = env.AWS_ENDPOINT_URL_COST_EXPLORER ?? env.AWS_ENDPOINT_URL;
      return new CostExplorerReader(endpoint ? { endpoint } : {});
    },
    azure: (subscriptionId) => {
      const { CostManagementReader } = require("./azure-cost-management") as typeof import("./azure-cost-management");
      return new CostManagementReader({ subscriptionId, ...(env.SEMANTEST_IAC_ARM_ENDPOINT ? { endpoint: env.SEMANTEST_IAC_ARM_ENDPOINT } : {}) });
    },
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */
