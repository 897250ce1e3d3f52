import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A throwaway git repository; `commit` writes files and commits them. */
export function tempRepo() {
  const dir = mkdtempSync(join(tmpdir(), "lakehouse-git-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@t",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@t",
      },
    });
  git("init", "-q", "-b", "main");
  const write = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  const commit = (message: string, files: Record<string, string>) => {
    write(files);
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD").trim();
  };
  return { dir, git, write, commit };
}

const pkg = (name: string, deps: string[] = [], devDeps: string[] = []) =>
  JSON.stringify({
    name,
    dependencies: Object.fromEntries(deps.map((d) => [d, "workspace:*"])),
    devDependencies: Object.fromEntries([...devDeps.map((d) => [d, "workspace:*"]), ["vitest", "4.1.0"]]),
  });

/** A miniature of the monorepo: packages, one project per layer, stacks, a lock file. */
export const MINI_WORKSPACE: Record<string, string> = {
  "pnpm-workspace.yaml": "packages:\n  - packages/*\n  - projects/*\n  - scripts\n",
  "package.json": '{ "name": "lakehouse", "private": true }',
  "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
  "README.md": "# lakehouse\n",
  "packages/contracts/package.json": pkg("@lakehouse/contracts"),
  "packages/components/package.json": pkg("@lakehouse/components", ["@lakehouse/contracts"]),
  "packages/sql-kit/package.json": pkg("@lakehouse/sql-kit"),
  "packages/glue-kit/package.json": pkg("@lakehouse/glue-kit", ["@lakehouse/sql-kit"]),
  "packages/testing/package.json": pkg("@lakehouse/testing", ["@lakehouse/contracts"]),
  "projects/network/package.json": pkg(
    "@lakehouse/network",
    ["@lakehouse/components"],
    ["@lakehouse/testing"],
  ),
  "projects/lake-storage/package.json": pkg("@lakehouse/lake-storage", ["@lakehouse/components"]),
  "projects/ingestion/package.json": pkg("@lakehouse/ingestion", ["@lakehouse/components"]),
  "projects/transformation/package.json": pkg("@lakehouse/transformation", ["@lakehouse/glue-kit"]),
  "projects/analytics/package.json": pkg("@lakehouse/analytics", ["@lakehouse/contracts"]),
  "projects/bootstrap/package.json": pkg("@lakehouse/bootstrap", ["@lakehouse/contracts"]),
  "scripts/package.json": pkg("@lakehouse/cli", ["@lakehouse/contracts"]),
  "stacks/network/Pulumi.dev.yaml": "config: {}\n",
  "stacks/ingestion/Pulumi.dev.yaml": "config: {}\n",
};
