import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../repo-root";

const OUTPUTS_FILE = join(REPO_ROOT, "packages", "contracts", "src", "outputs.ts");

/** The interface in packages/contracts/src/outputs.ts that a program's stack outputs must match. */
export const OUTPUTS_INTERFACE: Record<string, string> = {
  bootstrap: "BootstrapOutputs",
  network: "NetworkOutputs",
  "lake-storage": "LakeStorageOutputs",
  ingestion: "IngestionOutputs",
  transformation: "TransformationOutputs",
  analytics: "AnalyticsOutputs",
};

export const OUTPUTS_BEGIN = "<!-- outputs: generated from packages/contracts/src/outputs.ts -->";
export const OUTPUTS_END = "<!-- outputs: end -->";

/**
 * A program's stack outputs as a Markdown table (key, type, what it is), read from its contract
 * interface, so a project README's table is the contract itself and a test keeps them equal.
 */
export function outputsTable(program: string): string {
  const name = OUTPUTS_INTERFACE[program];
  if (!name) throw new Error(`no outputs contract for ${program}`);
  const source = ts.createSourceFile(
    OUTPUTS_FILE,
    readFileSync(OUTPUTS_FILE, "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const decl = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (!decl) throw new Error(`${OUTPUTS_FILE}: no interface ${name}`);
  const rows = decl.members.filter(ts.isPropertySignature).map((m) => {
    const doc = ts
      .getJSDocCommentsAndTags(m)
      .map((d) => (typeof d.comment === "string" ? d.comment : ""))
      .join(" ")
      .replace(/\s+/g, " ")
      .replace(/\|/g, "\\|")
      .trim();
    const type = (m.type?.getText(source) ?? "unknown").replace(/\s+/g, " ").replace(/\|/g, "\\|");
    return `| \`${m.name.getText(source)}\` | \`${type}\` | ${doc || "-"} |`;
  });
  return [
    OUTPUTS_BEGIN,
    "",
    "| output | type | description |",
    "| --- | --- | --- |",
    ...rows,
    "",
    OUTPUTS_END,
  ].join("\n");
}
