import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { BOOTSTRAP, LAYERS } from "@lakehouse/contracts";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/repo-root";

/**
 * `pulumi up` in projects/<layer> (runtime nodejs, typescript: true) registers ts-node with the
 * project's tsconfig and requires index.ts, whose export is the program. This loads each entry
 * point exactly that way, in a fresh node process: CommonJS, workspace packages compiled from
 * source, no vitest or tsx in between.
 */
describe("each Pulumi project's entry point loads under ts-node, as the Pulumi CLI runs it", () => {
  for (const program of [BOOTSTRAP, ...LAYERS]) {
    it(`projects/${program}/index.ts exports the program function`, () => {
      const dir = join(REPO_ROOT, "projects", program);
      const out = execFileSync(
        process.execPath,
        [
          "-e",
          "require('ts-node').register({ project: 'tsconfig.json' }); process.stdout.write(typeof require('./index.ts'));",
        ],
        { cwd: dir, encoding: "utf8", timeout: 120_000 },
      );
      expect(out).toBe("function");
    }, 150_000);
  }
});
