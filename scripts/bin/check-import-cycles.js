#!/usr/bin/env node
// Part of `pnpm lint`: fails when a source file in packages/, projects/ or scripts/ imports,
// directly or through others, a file that imports it back (type-only imports included).
require("tsx/cjs");
const { join } = require("node:path");
const { importCycles, importGraph } = require("../src/lint/import-cycles.ts");

const root = join(__dirname, "..", "..");
const cycles = importCycles(importGraph(root, ["packages", "projects", "scripts"]));
for (const cycle of cycles) console.error(`import cycle: ${cycle.join(" -> ")}`);
if (cycles.length > 0) {
  console.error("move what both files need into a module that imports neither, so imports point one way");
}
process.exit(cycles.length === 0 ? 0 : 1);
