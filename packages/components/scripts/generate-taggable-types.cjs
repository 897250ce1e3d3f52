#!/usr/bin/env node
// Lists every @pulumi/aws resource type that takes a `tags` input, from the installed package.
// The platform-tags transformation adds tags only to these. Rerun after upgrading @pulumi/aws:
//   node packages/components/scripts/generate-taggable-types.cjs > packages/components/src/core/taggable-types.json
const fs = require("node:fs");
const path = require("node:path");

function taggableTypes() {
  const root = path.dirname(
    require.resolve("@pulumi/aws/package.json", { paths: [path.join(__dirname, "..")] }),
  );
  const types = new Set();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "types") walk(full);
      } else if (entry.name.endsWith(".js")) {
        const text = fs.readFileSync(full, "utf8");
        if (!text.includes('resourceInputs["tags"] = ')) continue;
        const match = /__pulumiType = '([^']+)'/.exec(text);
        if (match) types.add(match[1]);
      }
    }
  };
  walk(root);
  return [...types].sort();
}

module.exports = { taggableTypes };
if (require.main === module) process.stdout.write(`${JSON.stringify(taggableTypes(), null, 1)}\n`);
