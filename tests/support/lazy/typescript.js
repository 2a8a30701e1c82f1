"use strict";
// jest.config.js maps `typescript` here: the real compiler (~9 MB) loads on first use, not each time a test file loads @pulumi/pulumi.
const { lazy } = require("../../../bin/lazy");
module.exports = lazy(() => require(require.resolve("typescript/lib/typescript.js")));
