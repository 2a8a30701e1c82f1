"use strict";
// jest.config.js maps `@npmcli/arborist` here: loaded on first use, not each time a test file loads @pulumi/pulumi.
const { lazy } = require("../../../bin/lazy");
module.exports = lazy(() => require(require.resolve("@npmcli/arborist/lib/index.js")), { esModule: true });
