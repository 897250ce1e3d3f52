import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/main";
import { OUTPUTS_BEGIN, OUTPUTS_END, OUTPUTS_INTERFACE, outputsTable } from "../src/readme/outputs-table";
import { REPO_ROOT } from "../src/repo-root";

const folders = (parent: string) =>
  readdirSync(join(REPO_ROOT, parent), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(REPO_ROOT, parent, d.name, "package.json")))
    .map((d) => `${parent}/${d.name}`);

/** Markdown tables compared cell by cell: biome pads cells and separators when it formats the README. */
const cells = (table: string) =>
  table
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((l) =>
      l
        .split("|")
        .map((c) => c.trim().replace(/^-+$/, "---"))
        .join("|"),
    );

/** The owning team of a folder, from CODEOWNERS (the last matching line wins, as GitHub reads it). */
function owner(folder: string): string {
  const lines = readFileSync(join(REPO_ROOT, ".github", "CODEOWNERS"), "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => l.trim().split(/\s+/) as [string, string]);
  return lines.filter(([pattern]) => pattern === "*" || `/${folder}/`.startsWith(pattern)).pop()?.[1] ?? "";
}

describe("every package and project has its README", () => {
  // scripts/ is the @lakehouse/cli package, outside packages/.
  for (const folder of [...folders("packages"), ...folders("projects"), "scripts"]) {
    it(`${folder}: what it owns, inputs and outputs, usage, how to test it alone`, () => {
      const file = join(REPO_ROOT, folder, "README.md");
      expect(existsSync(file), `${folder}/README.md is missing`).toBe(true);
      const readme = readFileSync(file, "utf8");
      expect(readme).toMatch(/## Usage/);
      expect(readme).toMatch(/## Testing[\s\S]*pnpm --filter @lakehouse\//);
      if (folder.startsWith("packages/policy")) return;
      expect(readme).toMatch(/## Inputs/);
      expect(readme).toMatch(/## (Inputs and outputs|Outputs)/);
    });
  }

  for (const folder of folders("projects")) {
    const program = folder.split("/")[1] as string;
    it(`${folder}: names its owning team from CODEOWNERS, and its outputs table is its contract`, () => {
      const readme = readFileSync(join(REPO_ROOT, folder, "README.md"), "utf8");
      expect(readme).toContain(`Owner: **${owner(folder)}**`);
      expect(OUTPUTS_INTERFACE[program]).toBeDefined();
      const begin = readme.indexOf(OUTPUTS_BEGIN);
      const end = readme.indexOf(OUTPUTS_END);
      expect(begin, `${folder}/README.md has no generated outputs table`).toBeGreaterThanOrEqual(0);
      const expected = outputsTable(program);
      expect(cells(readme.slice(begin, end + OUTPUTS_END.length)), `replace it with:\n${expected}`).toEqual(
        cells(expected),
      );
    });
  }
});

/** The fenced TypeScript blocks of a README. */
const tsBlocks = (readme: string) => [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

describe("packages/components/README.md: every component in the table, with a usage example", () => {
  const readme = readFileSync(join(REPO_ROOT, "packages/components/README.md"), "utf8");
  const listed = [...readme.matchAll(/^\| `(\w+)`/gm)].map((m) => m[1] as string);

  it("lists every exported component class", () => {
    const src = join(REPO_ROOT, "packages/components/src");
    const classes = readdirSync(src, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => [
        ...readFileSync(join(src, f), "utf8").matchAll(
          /^export class (\w+) extends pulumi\.ComponentResource/gm,
        ),
      ])
      .map((m) => m[1] as string);
    expect(classes.length).toBeGreaterThan(0);
    expect([...listed].sort()).toEqual([...classes].sort());
  });

  it("has a usage example constructing each listed component", () => {
    const code = tsBlocks(readme).join("\n");
    expect(listed.filter((name) => !code.includes(`new ${name}(`))).toEqual([]);
  });

  it("describes each in full: no description cut off mid-word", () => {
    const descriptions = readme
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) => (l.split("|")[3] ?? "").trim());
    expect(descriptions.filter((d) => !/[.)]$/.test(d))).toEqual([]);
  });
});

describe("scripts/README.md: the CLI's commands", () => {
  it("names every command", () => {
    const readme = readFileSync(join(REPO_ROOT, "scripts/README.md"), "utf8");
    const names = [...new Set(COMMANDS.map((c) => c.spec.name))];
    expect(names.filter((n) => !readme.includes(`| \`${n}\``))).toEqual([]);
  });
});
