import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readWorkspace } from "../src/affected/workspace-graph";
import { COMMANDS } from "../src/main";
import { REPO_ROOT } from "../src/repo-root";

/** Every `pnpm ...` command in the README's code (fenced blocks and inline code), split at && ; | ( ). */
function readmePnpmCommands(): string[] {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const fenced = [...readme.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const prose = readme.replace(/```[a-z]*\n[\s\S]*?```/g, "");
  const inline = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] as string);
  return [...fenced.flatMap((block) => block.split("\n")), ...inline]
    .map((line) => line.replace(/\s#.*$/, ""))
    .flatMap((line) => line.split(/&&|;|\||\(|\)/))
    .map((part) => part.trim())
    .filter((part) => /^pnpm\s/.test(part));
}

/** pnpm's own commands and their aliases, from `pnpm help` of the pnpm this repository pins. */
function pnpmBuiltins(): Set<string> {
  const help = spawnSync("pnpm", ["help"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout;
  const names = new Set<string>();
  for (const m of help.matchAll(/^ {2}([a-z][a-z-]*) {2,}.*?(?:\[alias(?:es)?: ([^\]]+)\])?$/gm)) {
    names.add(m[1] as string);
    for (const alias of (m[2] ?? "").split(",")) if (alias.trim()) names.add(alias.trim());
  }
  return names;
}

describe("every pnpm command in the README runs what it says", () => {
  const commands = readmePnpmCommands();
  const builtins = pnpmBuiltins();
  const rootScripts = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).scripts as Record<
    string,
    string
  >;

  it("finds the README's commands and pnpm's built-ins", () => {
    expect(commands.length).toBeGreaterThan(10);
    for (const b of ["install", "update", "up", "deploy", "exec", "test"]) expect(builtins).toContain(b);
  });

  it("`pnpm <name>` is a root script that no pnpm command shadows, or a pnpm command meant as one", () => {
    // pnpm commands the README means as themselves; `test` runs the root "test" script.
    const meant = new Set(["install", "exec", "test"]);
    for (const command of commands) {
      const name = command.split(/\s+/)[1] as string;
      if (name.startsWith("--")) continue; // pnpm --filter: next test
      if (meant.has(name)) continue;
      expect(builtins.has(name), `"${command}": pnpm runs its own "${name}" command, not a script`).toBe(
        false,
      );
      expect(Object.keys(rootScripts), `"${command}": no root script "${name}"`).toContain(name);
    }
  });

  it("no root script is named like a pnpm command (`pnpm <name>` would run pnpm's command instead)", () => {
    const shadowed = Object.keys(rootScripts).filter((name) => builtins.has(name) && name !== "test");
    expect(shadowed).toEqual([]);
  });

  it("`pnpm --filter <package> <script>` names a workspace package and one of its scripts", () => {
    const workspace = readWorkspace(REPO_ROOT);
    const filtered = commands.filter((c) => c.startsWith("pnpm --filter "));
    expect(filtered.length).toBeGreaterThan(0);
    for (const command of filtered) {
      const [, , pkg, script] = command.split(/\s+/) as string[];
      const found = workspace.find((p) => p.name === pkg);
      expect(found, command).toBeDefined();
      const scripts =
        JSON.parse(readFileSync(join(REPO_ROOT, found!.dir, "package.json"), "utf8")).scripts ?? {};
      expect(Object.keys(scripts), command).toContain(script);
    }
  });

  it("`pnpm exec <bin>` names an installed executable", () => {
    for (const command of commands.filter((c) => c.startsWith("pnpm exec "))) {
      const bin = command.split(/\s+/)[2] as string;
      expect(existsSync(join(REPO_ROOT, "node_modules", ".bin", bin)), command).toBe(true);
    }
  });

  it("every lakehouse invocation names a command and only flags that command accepts", () => {
    const invocations = commands
      .map((c) => /^pnpm (?:exec )?lakehouse\s+(.*)$/.exec(c)?.[1])
      .filter((rest): rest is string => rest !== undefined);
    expect(invocations.length).toBeGreaterThan(10);
    for (const rest of invocations) {
      const [name, ...args] = rest.split(/\s+/) as [string, ...string[]];
      if (name === "--help" || name === "-h" || name === "help" || name.startsWith("<")) continue;
      const command = COMMANDS.find(
        (c) => c.spec.name === name && (c.spec.subcommand === undefined || c.spec.subcommand === args[0]),
      );
      expect(command, `lakehouse ${rest}: no command "${name}"`).toBeDefined();
      for (const flag of args
        .filter((a) => a.startsWith("--"))
        .map((a) => a.slice(2).split("=")[0] as string)) {
        if (flag === "help") continue;
        expect(Object.keys(command!.spec.flags), `lakehouse ${rest}: --${flag}`).toContain(flag);
      }
    }
  });
});
