/**
 * The hexagon's dependency rules (docs/architecture.md), checked by `npm run lint`.
 * domain <- application (use cases + ports) <- adapters <- cli / api (driving adapters);
 * components never import the tooling; app never imports components or @pulumi.
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
      to: { path: "^(components|cli|app|runtime|policy|artifacts|events|application|adapters|api|index\\.ts)" },
    },
    {
      name: "components-never-import-cli",
      comment: "components/ is the Pulumi program's code: it never imports the tooling around it.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^(cli|application|adapters|api)/" },
    },
    {
      name: "application-imports-no-adapter",
      comment:
        "application/ holds the use cases and their ports: it reaches engines, stores, sinks and the terminal only through ports (application/ports), never an adapter, the Automation API, a cloud SDK or Node I/O.",
      severity: "error",
      from: { path: "^application/" },
      to: {
        path: [
          "^(adapters|cli|api|events|components|policy|artifacts|runtime)/",
          "^index\\.ts$",
          "node_modules/@pulumi/",
          "node_modules/@aws-sdk/",
          "node_modules/@azure/",
        ],
      },
    },
    {
      name: "application-no-node-io",
      comment: "application/ does no I/O of its own: files, processes, network and the terminal are ports.",
      severity: "error",
      from: { path: "^application/" },
      to: { dependencyTypes: ["core"], path: "^(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|os|cluster|worker_threads|readline)$" },
    },
    {
      name: "driving-adapters-use-the-composition-root",
      comment:
        "cli/ and api/ get the engines, artifact stores and event sinks from the composition root (adapters/compose.ts), never directly: a command cannot pick the real engine behind a test's back.",
      severity: "error",
      from: { path: "^(cli|api)/" },
      to: { path: ["^adapters/(engine|artifact-store)/", "^adapters/(artifact-builder|event-publisher|project|stack-file)\\.ts$", "node_modules/@pulumi/pulumi/automation", "^events/"] },
    },
    {
      name: "adapters-never-import-drivers",
      comment: "adapters/ implement ports; they never call back into the CLI or the API.",
      severity: "error",
      from: { path: "^adapters/" },
      to: { path: "^(cli|api)/" },
    },
    {
      name: "api-never-imports-cli",
      comment: "The programmatic API and the CLI are siblings over the same use cases.",
      severity: "error",
      from: { path: "^api/" },
      to: { path: "^cli/" },
    },
    {
      name: "app-is-cloud-agnostic",
      comment: "app/ is the user's code: no @pulumi, no components, no runtime adapters.",
      severity: "error",
      from: { path: "^app/" },
      to: { path: ["node_modules/@pulumi/", "^components/", "^runtime/", "^cli/", "^policy/", "^application/", "^adapters/", "^api/"] },
    },
    {
      name: "runtime-never-imports-pulumi",
      comment: "runtime/ runs inside Lambda / Functions: the Pulumi SDK is not deployed there.",
      severity: "error",
      from: { path: "^runtime/" },
      to: { path: ["node_modules/@pulumi/", "^components/", "^cli/", "^policy/", "^application/", "^adapters/", "^api/"] },
    },
    {
      name: "no-azure-native-root",
      comment: "@pulumi/azure-native is huge: import it by submodule (@pulumi/azure-native/web), never the root.",
      severity: "error",
      from: {},
      to: { path: "node_modules/@pulumi/azure-native/index\\.js$" },
    },
    {
      name: "no-aws-root",
      comment:
        "Import @pulumi/aws through components/aws/sdk.ts (its services by submodule): the root's declarations are 2,700 files that tsc and ESLint would parse on every check (tsc's program: 8,367 -> 6,221 files).",
      severity: "error",
      from: { pathNot: "^components/aws/sdk\\.ts$" },
      to: { path: "node_modules/@pulumi/aws/index\\.js$" },
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
