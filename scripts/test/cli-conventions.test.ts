import { mkdtempSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileBackendDir, resolveBackend } from "../src/deploy/backend";
import { COMMANDS, main } from "../src/main";
import { lakehouse } from "./support/cli";

async function run(argv: string[]) {
  const printed: string[] = [];
  const code = await main(argv, (text) => printed.push(text));
  return { code, stdout: printed.join("\n") };
}

describe("--help at every level", () => {
  it("lakehouse --help (the real bin) lists every command and exits 0", () => {
    const r = lakehouse(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: lakehouse <command> \[flags\]/);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.spec.name.padEnd(11)} ${c.spec.synopsis}`);
  });

  it("-h, help and no arguments print the same", async () => {
    const full = (await run(["--help"])).stdout;
    for (const argv of [["-h"], ["help"], []]) expect(await run(argv)).toEqual({ code: 0, stdout: full });
  });

  it("every command's --help, -h and `help <command>` print its own usage with each of its flags", async () => {
    for (const c of COMMANDS) {
      const outputs = await Promise.all(
        [
          [c.spec.name, "--help"],
          [c.spec.name, "--stack", "dev", "-h"],
          ["help", c.spec.name],
        ].map(run),
      );
      for (const r of outputs) expect(r).toEqual(outputs[0]);
      expect(outputs[0]!.code).toBe(0);
      expect(outputs[0]!.stdout).toMatch(new RegExp(`^usage: lakehouse ${c.spec.name} `));
      for (const flag of Object.keys(c.spec.flags))
        expect(outputs[0]!.stdout).toMatch(new RegExp(`^  --${flag} +\\S`, "m"));
    }
  });

  it("an unknown command is one line and exit 2", () => {
    const r = lakehouse(["deploy"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lakehouse: unknown command "deploy" (lakehouse --help lists the commands)\n');
  });
});

describe("paths", () => {
  it("accepts file://~ (what pulumi login --local uses) and file://~/dir, under the home directory", () => {
    expect(fileBackendDir("file://~", "/home/ana")).toBe("/home/ana");
    expect(fileBackendDir("file://~/state", "/home/ana")).toBe("/home/ana/state");
    expect(fileBackendDir("file:///srv/state")).toBe("/srv/state");
    const backend = resolveBackend("/repo", {
      PULUMI_BACKEND_URL: "file://~",
      PULUMI_CONFIG_PASSPHRASE: "x",
    });
    expect(backend.url).toBe("file://~");
    expect(() =>
      resolveBackend("/repo", {
        PULUMI_BACKEND_URL: "file://~/no-such-dir-here",
        PULUMI_CONFIG_PASSPHRASE: "x",
      }),
    ).toThrow(`the folder ${join(homedir(), "no-such-dir-here")} does not exist`);
  });

  it("an --out that cannot be written is one line naming it, not a stack trace", () => {
    const file = join(mkdtempSync(join(tmpdir(), "lakehouse-out-")), "a-file");
    writeFileSync(file, "");
    const r = lakehouse(["plan", "--stack", "dev", "--layers", "network", "--out", join(file, "plan")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^lakehouse: cannot mkdir ${join(file, "plan")}\\S*: ENOTDIR\\n$`));
  }, 120_000);

  it("plan --diff refuses the folder the same plan writes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lakehouse-self-diff-"));
    await expect(run(["plan", "--stack", "dev", "--out", dir, "--diff", `${dir}/`])).rejects.toThrow(
      /^--diff .* is the folder this plan writes \(--out .*\), so it would compare the plan with itself; /,
    );
  });
});
