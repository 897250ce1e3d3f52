import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageOf, unusedCatalogEntries, unusedDependencies } from "../src/lint/unused-dependencies";

/** Writes files (JSON for objects) under a fresh directory and returns it. */
function workspace(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), "lakehouse-deps-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content));
  }
  return root;
}

const installed = (dir: string, name: string, manifest: object = {}) => ({
  [`${dir}/node_modules/${name}/package.json`]: { name, version: "1.0.0", ...manifest },
});

describe("unused dependency check", () => {
  const root = workspace({
    "pnpm-workspace.yaml":
      'packages:\n  - packages/*\ncatalog:\n  used: 1.0.0\n  stale: 1.0.0\n  "@pulumi/pulumi": 3.0.0\n',
    "package.json": {
      scripts: { lint: "biome check . && toolx verify" },
      devDependencies: { "tool-cli": "1.0.0" },
    },
    ...installed(".", "tool-cli", { bin: { toolx: "bin.js" } }),
    // Bootstrap-style: the root Pulumi.yaml runs the program in packages/svc.
    "Pulumi.yaml": "name: svc\nruntime:\n  name: nodejs\nmain: packages/svc/\n",
    "packages/app/package.json": {
      dependencies: { used: "catalog:", "unused-lib": "1.0.0", "@pulumi/pulumi": "catalog:" },
      devDependencies: { "ts-node": "1.0.0", "@types/aws-lambda": "1.0.0", "@types/node": "1.0.0" },
    },
    "packages/app/Pulumi.yaml": "name: app\nruntime: nodejs\n",
    ...installed("packages/app", "@pulumi/pulumi", { peerDependencies: { "ts-node": "*", typescript: "*" } }),
    "packages/app/src/index.ts":
      'import { x } from "used/sub";\nimport type { Handler } from "aws-lambda";\nimport { readFileSync } from "node:fs";\n',
    "packages/app/node_modules/unused-lib/index.ts": 'import "unused-lib";\n',
    "packages/lib/package.json": { dependencies: { "@pulumi/pulumi": "catalog:" } },
    "packages/lib/src/index.ts": "export const one = 1;\n",
    "packages/svc/package.json": { dependencies: { "@pulumi/pulumi": "catalog:" } },
    "packages/svc/index.ts": "export = async () => ({});\n",
  });

  it("flags a dependency nothing imports, runs or needs as a peer, naming its package.json and field", () => {
    expect(unusedDependencies(root)).toEqual([
      { manifest: join("packages", "app", "package.json"), dependency: "unused-lib", field: "dependencies" },
      {
        manifest: join("packages", "lib", "package.json"),
        dependency: "@pulumi/pulumi",
        field: "dependencies",
      },
    ]);
  });

  it("counts imports with subpaths, @types of imported packages, script binaries, peers and the Pulumi runtime", () => {
    const flagged = unusedDependencies(root).map((u) => `${u.manifest} ${u.dependency}`);
    for (const used of ["used", "@types/aws-lambda", "@types/node", "ts-node"]) {
      expect(flagged).not.toContain(`${join("packages", "app", "package.json")} ${used}`);
    }
    expect(flagged).not.toContain("package.json tool-cli");
    expect(flagged).not.toContain(`${join("packages", "svc", "package.json")} @pulumi/pulumi`);
  });

  it("flags catalog versions no package.json refers to", () => {
    expect(unusedCatalogEntries(root)).toEqual(["stale"]);
  });

  it("reads the package of an import specifier", () => {
    expect(packageOf("@aws-sdk/client-s3/dist")).toBe("@aws-sdk/client-s3");
    expect(packageOf("yaml")).toBe("yaml");
    expect(packageOf("node:fs")).toBe("node:");
    expect(packageOf("path")).toBe("node:");
    expect(packageOf("./local")).toBeUndefined();
  });
});
