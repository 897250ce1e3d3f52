#!/usr/bin/env node
// Part of `pnpm lint`: fails when a package.json declares a dependency nothing in its package
// uses, or the workspace catalog pins a version no package.json refers to.
require("tsx/cjs");
const { join } = require("node:path");
const { unusedCatalogEntries, unusedDependencies } = require("../src/lint/unused-dependencies.ts");

const root = join(__dirname, "..", "..");
const problems = [
  ...unusedDependencies(root).map(
    (u) =>
      `${u.manifest}: ${u.field} declares "${u.dependency}", but nothing in the package imports or runs it`,
  ),
  ...unusedCatalogEntries(root).map(
    (name) =>
      `pnpm-workspace.yaml: the catalog pins "${name}", but no package.json uses it ("${name}": "catalog:")`,
  ),
];
for (const problem of problems) console.error(problem);
process.exit(problems.length === 0 ? 0 : 1);
