"use strict";
// `node -r` this: at exit, writes every loaded module's file name to $RECORD_MODULES (one a line).
const fs = require("fs");
process.on("exit", () => fs.writeFileSync(process.env.RECORD_MODULES, Object.keys(require.cache).join("\n")));
