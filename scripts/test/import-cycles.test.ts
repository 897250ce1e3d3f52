import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { importCycles, importGraph } from "../src/lint/import-cycles";

/** Writes files (JSON for objects) under a fresh directory and returns it. */
function workspace(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), "lakehouse-cycles-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content));
  }
  return root;
}

const cyclesIn = (files: Record<string, string | object>) =>
  importCycles(importGraph(workspace(files), ["packages", "projects"]));

describe("import cycle check", () => {
  it("finds a cycle through a type-only import, as the deploy manifest and matrix had", () => {
    expect(
      cyclesIn({
        "packages/a/src/manifest.ts": 'import type { Table } from "./matrix";\nexport const m = 1;\n',
        "packages/a/src/matrix.ts": 'import { m } from "./manifest";\nexport interface Table { n: number }\n',
      }),
    ).toEqual([["packages/a/src/manifest.ts", "packages/a/src/matrix.ts", "packages/a/src/manifest.ts"]]);
  });

  it("follows transitive imports, re-exports, index files, .js specifiers, require and import()", () => {
    expect(
      cyclesIn({
        "packages/a/src/one.ts": 'export { two } from "./two.js";\n',
        "packages/a/src/two.ts": 'import * as dir from "./dir";\nexport const two = dir;\n',
        "packages/a/src/dir/index.ts": 'const three = require("./three");\nexport { three };\n',
        "packages/a/src/dir/three.ts": 'export const load = () => import("../one");\n',
      }),
    ).toEqual([
      [
        "packages/a/src/dir/index.ts",
        "packages/a/src/dir/three.ts",
        "packages/a/src/one.ts",
        "packages/a/src/two.ts",
        "packages/a/src/dir/index.ts",
      ],
    ]);
  });

  it("resolves sibling packages by name and subpath, across packages/ and projects/", () => {
    expect(
      cyclesIn({
        "packages/lib/package.json": { name: "@ws/lib", main: "src/index.ts" },
        "packages/lib/src/index.ts": 'export { helper } from "./helper";\n',
        "packages/lib/src/helper.ts":
          'import { fixture } from "@ws/app/test/fixture";\nexport const helper = fixture;\n',
        "projects/app/package.json": { name: "@ws/app", main: "index.ts" },
        "projects/app/test/fixture.ts": 'import { helper } from "@ws/lib";\nexport const fixture = 1;\n',
      }),
    ).toEqual([
      [
        "packages/lib/src/helper.ts",
        "projects/app/test/fixture.ts",
        "packages/lib/src/index.ts",
        "packages/lib/src/helper.ts",
      ],
    ]);
  });

  it("passes imports that point one way, a file importing itself, and third-party modules", () => {
    expect(
      cyclesIn({
        "packages/a/src/table.ts": "export interface Table { n: number }\n",
        "packages/a/src/manifest.ts": 'import type { Table } from "./table";\nimport "@pulumi/pulumi";\n',
        "packages/a/src/matrix.ts":
          'import type { Table } from "./table";\nimport { m } from "./manifest";\n',
        "packages/a/src/self.ts": 'import * as self from "./self";\nexport const me = self;\n',
      }),
    ).toEqual([]);
  });
});
