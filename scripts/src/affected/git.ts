import { execFileSync } from "node:child_process";
import { UsageError } from "../args";

function git(repoRoot: string, args: string[]): string {
  return execFileSync("git", args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const lines = (out: string) => out.split("\n").filter(Boolean);

/** The commit `ref` names; a usage error when it is missing (e.g. not fetched, or a shallow clone). */
export function resolveBase(repoRoot: string, ref: string): string {
  try {
    return git(repoRoot, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
  } catch {
    throw new UsageError(
      `git base "${ref}" is not a commit in ${repoRoot} (fetch it, e.g. git fetch origin ${ref}, or clone with full history)`,
    );
  }
}

/** Files changed since the merge base of `base` and HEAD, including uncommitted and untracked files. */
export function changedFiles(repoRoot: string, base: string): string[] {
  const commit = resolveBase(repoRoot, base);
  let mergeBase: string;
  try {
    mergeBase = git(repoRoot, ["merge-base", commit, "HEAD"]).trim();
  } catch {
    throw new UsageError(`git base "${base}" shares no history with HEAD`);
  }
  const files = new Set([
    ...lines(git(repoRoot, ["diff", "--name-only", "--no-renames", mergeBase])),
    ...lines(git(repoRoot, ["ls-files", "--others", "--exclude-standard"])),
  ]);
  return [...files].sort();
}

/** Uncommitted or untracked files (ignored ones excluded). */
export function dirtyFiles(repoRoot: string): string[] {
  return lines(git(repoRoot, ["status", "--porcelain", "--untracked-files=all"])).map((l) => l.slice(3));
}

/** A usage error when the working tree has changes a commit-based command would silently include. */
export function requireCleanTree(repoRoot: string, command: string): void {
  const dirty = dirtyFiles(repoRoot);
  if (dirty.length > 0) {
    const shown = dirty.slice(0, 5).join(", ") + (dirty.length > 5 ? `, ... (${dirty.length} files)` : "");
    throw new UsageError(
      `${command} needs a clean working tree (it describes commits), but these files changed: ${shown}`,
    );
  }
}
