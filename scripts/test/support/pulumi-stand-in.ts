import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface StandInCall {
  cwd: string;
  args: string[];
}

/**
 * A stand-in `pulumi` executable for the Automation API: it logs every command line it is given
 * (with its working directory) and answers like the CLI does in the scenario asked for. Only the
 * commands the driver sends are answered; the texts are the CLI's own messages.
 */
export function pulumiStandIn(scenario: {
  /** Stacks that exist, as `<project folder>:<stack>`; others are "no stack named ... found". */
  existing?: string[];
  /** stderr and exit code of `preview`/`up`. */
  failOperation?: { stderr: string; code: number };
}) {
  const dir = mkdtempSync(join(tmpdir(), "pulumi-stand-in-"));
  const log = join(dir, "calls.jsonl");
  const script = `
const fs = require("node:fs");
const path = require("node:path");
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ cwd: process.cwd(), args }) + "\\n");
const scenario = ${JSON.stringify(scenario)};
const stackArg = () => args[args.indexOf("--stack") + 1];
if (args[0] === "version") { process.stdout.write("v3.270.0\\n"); process.exit(0); }
if (args[0] === "stack" && args[1] === "select") {
  const key = path.basename(process.cwd()) + ":" + stackArg();
  if (!(scenario.existing || []).includes(key)) {
    process.stderr.write("error: no stack named '" + stackArg() + "' found\\n");
    process.exit(255);
  }
  process.exit(0);
}
if (args[0] === "stack" && args[1] === "init") process.exit(0);
if ((args[0] === "preview" || args[0] === "up") && scenario.failOperation) {
  process.stdout.write("Previewing update (" + stackArg() + "):\\n");
  process.stderr.write(scenario.failOperation.stderr);
  process.exit(scenario.failOperation.code);
}
process.stderr.write("pulumi stand-in: unexpected command " + args.join(" ") + "\\n");
process.exit(2);
`;
  writeFileSync(join(dir, "stand-in.cjs"), script);
  writeFileSync(
    join(dir, "pulumi"),
    `#!/bin/sh\nexec "${process.execPath}" "${join(dir, "stand-in.cjs")}" "$@"\n`,
  );
  chmodSync(join(dir, "pulumi"), 0o755);
  return {
    /** Put it first on PATH. */
    path: `${dir}:${process.env.PATH}`,
    calls: (): StandInCall[] =>
      readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as StandInCall),
  };
}
