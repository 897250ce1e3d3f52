import { beforeAll, describe, expect, it } from "vitest";
import { affectedSince } from "../src/affected/affected";
import { requireCleanTree } from "../src/affected/git";
import { parseArgs, UsageError } from "../src/args";
import { affectedCommand } from "../src/commands/affected";
import { MINI_WORKSPACE, tempRepo } from "./support/git-repo";

describe("affected, on a git repository with a workspace layout", () => {
  const repo = tempRepo();
  const commits: Record<string, string> = {};
  beforeAll(() => {
    commits.base = repo.commit("workspace", MINI_WORKSPACE);
    commits.project = repo.commit("ingestion code", { "projects/ingestion/src/program.ts": "export {};\n" });
    commits.stacks = repo.commit("network dev config", {
      "stacks/network/Pulumi.dev.yaml": "config: { a: 1 }\n",
    });
    commits.sharedPackage = repo.commit("sql helper", { "packages/sql-kit/src/index.ts": "export {};\n" });
    commits.lock = repo.commit("lock", { "pnpm-lock.yaml": "lockfileVersion: '9.0'\n# bumped\n" });
    commits.docs = repo.commit("docs and tooling", {
      "README.md": "# more\n",
      "scripts/src/x.ts": "export {};\n",
    });
  });
  const since = (from: string, to: string) => {
    repo.git("checkout", "-q", commits[to] as string);
    return affectedSince(repo.dir, commits[from] as string).layers;
  };

  it("a project folder change affects that layer and its downstream layers", () => {
    expect(since("base", "project")).toEqual(["ingestion", "transformation", "analytics"]);
  });

  it("a stacks folder change affects that layer and everything downstream", () => {
    expect(since("project", "stacks")).toEqual(["network", "ingestion", "transformation", "analytics"]);
  });

  it("a package affects the layers whose projects depend on it, also through other packages", () => {
    // sql-kit <- glue-kit <- transformation; analytics follows through the DAG
    expect(since("stacks", "sharedPackage")).toEqual(["transformation", "analytics"]);
    const reasons = affectedSince(repo.dir, commits.stacks as string).reasons;
    expect(reasons.transformation).toEqual(["packages/sql-kit/src/index.ts (@lakehouse/sql-kit)"]);
    expect(reasons.analytics).toEqual(["downstream of transformation"]);
  });

  it("the lock file affects every layer", () => {
    expect(since("sharedPackage", "lock")).toEqual([
      "network",
      "lake-storage",
      "ingestion",
      "transformation",
      "analytics",
    ]);
  });

  it("docs and a package no layer depends on affect nothing", () => {
    expect(since("lock", "docs")).toEqual([]);
  });

  it("includes uncommitted and untracked files, and refuses them where a clean tree is needed", () => {
    repo.git("checkout", "-q", commits.docs as string);
    repo.write({ "stacks/ingestion/Pulumi.dev.yaml": "config: { b: 2 }\n", "projects/analytics/new.ts": "" });
    try {
      expect(affectedSince(repo.dir, commits.docs as string).layers).toEqual([
        "ingestion",
        "transformation",
        "analytics",
      ]);
      expect(() => requireCleanTree(repo.dir, "pr-preview")).toThrow(
        /pr-preview needs a clean working tree .*projects\/analytics\/new.ts/,
      );
    } finally {
      repo.git("checkout", "-q", "--", ".");
      repo.git("clean", "-qfd");
    }
  });

  it("a missing base is a usage error naming the ref", () => {
    expect(() => affectedSince(repo.dir, "origin/nope")).toThrow(UsageError);
    expect(() => affectedSince(repo.dir, "origin/nope")).toThrow(/git base "origin\/nope" is not a commit/);
  });

  it("prints layers one per line, or JSON with the waves for the deploy workflow", async () => {
    repo.git("checkout", "-q", commits.sharedPackage as string);
    const lines: string[] = [];
    await affectedCommand(parseArgs(["affected", "--base", commits.stacks as string]), {
      repoRoot: repo.dir,
      log: (l) => lines.push(l),
    });
    expect(lines).toEqual(["transformation", "analytics"]);
    const json: string[] = [];
    await affectedCommand(parseArgs(["affected", "--base", commits.stacks as string, "--json"]), {
      repoRoot: repo.dir,
      log: (l) => json.push(l),
    });
    const parsed = JSON.parse(json.join("\n"));
    expect(parsed.layers).toEqual(["transformation", "analytics"]);
    expect(parsed.waves).toEqual([[], [], ["transformation"], ["analytics"]]);
    expect(parsed.files).toEqual(["packages/sql-kit/src/index.ts"]);
  });

  it("requires --base", async () => {
    await expect(affectedCommand(parseArgs(["affected"]), { repoRoot: repo.dir })).rejects.toThrow(
      /--base <git ref> is required/,
    );
  });
});
