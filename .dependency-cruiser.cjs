/**
 * The hexagon's dependency rules (DESIGN §2), checked by `npm run lint`.
 * domain <- everything; components never import cli; app never imports components or @pulumi.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "domain/ imports nothing from @pulumi, cloud SDKs or Node I/O: it is plain TypeScript.",
      severity: "error",
      from: { path: "^domain/" },
      to: {
        path: [
          "node_modules/@pulumi/",
          "node_modules/@aws-sdk/",
          "node_modules/@azure/",
          "node_modules/@smithy/",
          "node_modules/(ws|express|dynalite|yazl|esbuild)/",
        ],
      },
    },
    {
      name: "domain-no-node-io",
      comment: "domain/ does no I/O: no fs, net, http, child_process, process-level modules.",
      severity: "error",
      from: { path: "^domain/" },
      to: { dependencyTypes: ["core"], path: "^(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|os|cluster|worker_threads|readline)$" },
    },
    {
      name: "domain-depends-on-nothing-else",
      comment: "domain/ is the centre of the hexagon: it imports only itself.",
      severity: "error",
      from: { path: "^domain/" },
      to: { path: "^(components|cli|app|runtime|policy|artifacts|events|index\\.ts)" },
    },
    {
      name: "components-never-import-cli",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^cli/" },
    },
    {
      name: "app-is-cloud-agnostic",
      comment: "app/ is the user's code: no @pulumi, no components, no runtime adapters.",
      severity: "error",
      from: { path: "^app/" },
      to: { path: ["node_modules/@pulumi/", "^components/", "^runtime/", "^cli/", "^policy/"] },
    },
    {
      name: "runtime-never-imports-pulumi",
      comment: "runtime/ runs inside Lambda / Functions: the Pulumi SDK is not deployed there.",
      severity: "error",
      from: { path: "^runtime/" },
      to: { path: ["node_modules/@pulumi/", "^components/", "^cli/", "^policy/"] },
    },
    {
      name: "no-azure-native-root",
      comment: "@pulumi/azure-native is huge: import it by submodule (@pulumi/azure-native/web), never the root.",
      severity: "error",
      from: {},
      to: { path: "node_modules/@pulumi/azure-native/index\\.js$" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true, viaOnly: { pathNot: "^components/(rest-api|websocket|cloud|aws/index|azure/index)\\.ts$" } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(coverage|dist|bin|\\.semantest)/|^[^/]+\\.(js|cjs|mjs)$" },
  },
};
