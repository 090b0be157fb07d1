/**
 * The floor of `npm start` (bench/start-floor.ts): a Node.js process that only loads
 * @pulumi/pulumi and the @pulumi/aws resources and functions a program used, named by their type
 * tokens on the command line (`aws:s3/bucket:Bucket`, `aws:index/getRegion:getRegion`), and exits.
 * Plain JavaScript, so that nothing but those modules is loaded.
 */
"use strict";
require("@pulumi/pulumi");
const aws = require("@pulumi/aws");

for (const token of process.argv.slice(2)) {
    // aws:<module>/<file>:<Name>; module `index` members are at the top level. Reading a member
    // loads its module (@pulumi/aws loads them lazily).
    const [, module, name] = /^aws:([^/]+)\/[^:]+:(.+)$/.exec(token) ?? [];
    const scope = module === "index" ? aws : aws[module];
    if (!name || !scope || scope[name] === undefined) {
        process.stderr.write(`program-floor: no @pulumi/aws member for ${token}\n`);
        process.exit(2);
    }
}
