#!/usr/bin/env node
// Totals the test results every package wrote to .test-results/ (vitest JSON, pytest JUnit XML)
// and prints the one closing line CI reads: "N passed, N failed".
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const dirs = ["packages", "projects"].flatMap((d) =>
  fs.existsSync(path.join(root, d))
    ? fs.readdirSync(path.join(root, d)).map((p) => path.join(root, d, p))
    : [],
);
dirs.push(path.join(root, "scripts"));

let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of dirs) {
  const results = path.join(dir, ".test-results");
  if (!fs.existsSync(results)) continue;
  for (const file of fs.readdirSync(results)) {
    const full = path.join(results, file);
    if (file.endsWith(".json")) {
      const r = JSON.parse(fs.readFileSync(full, "utf8"));
      passed += r.numPassedTests ?? 0;
      failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
      skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    } else if (file.endsWith(".xml")) {
      const xml = fs.readFileSync(full, "utf8");
      const suite = /<testsuite\b[^>]*>/.exec(xml)?.[0] ?? "";
      const attr = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
      const f = attr("failures") + attr("errors");
      passed += attr("tests") - f - attr("skipped");
      failed += f;
      skipped += attr("skipped");
    }
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
