import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/repo-root";

const BIOME = join(REPO_ROOT, "node_modules", ".bin", "biome");
const BADLY_FORMATTED = '{"a":1,\n      "b":2}\n';

describe("biome checks what git tracks, nothing .gitignore ignores", () => {
  it("passes with tool output in ignored folders (pytest's cache, logs, plans) and fails on the same file tracked", () => {
    const dir = mkdtempSync(join(tmpdir(), "biome-vcs-"));
    execFileSync("git", ["init", "-q"], { cwd: dir });
    for (const f of ["biome.json", ".gitignore"]) copyFileSync(join(REPO_ROOT, f), join(dir, f));
    for (const ignored of ["projects/transformation/.pytest_cache", ".lakehouse/logs", ".plan/dev"]) {
      mkdirSync(join(dir, ignored), { recursive: true });
      writeFileSync(join(dir, ignored, "README.json"), BADLY_FORMATTED);
    }
    writeFileSync(join(dir, "ok.json"), '{ "a": 1 }\n');
    const clean = spawnSync(BIOME, ["check", "."], { cwd: dir, encoding: "utf8" });
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);

    writeFileSync(join(dir, "tracked.json"), BADLY_FORMATTED);
    expect(spawnSync(BIOME, ["check", "."], { cwd: dir, encoding: "utf8" }).status).not.toBe(0);
  });
});
