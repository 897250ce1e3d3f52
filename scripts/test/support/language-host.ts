import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { type ProgramName, pulumiWorkDir } from "@lakehouse/contracts";
import { readStackConfig } from "@lakehouse/testing";
import { parse } from "yaml";
import type { FakeEngine } from "./fake-engine";

interface RuntimeOptions {
  typescript?: boolean;
  tsconfig?: string;
  nodeargs?: string;
}

/** How the Pulumi CLI and the Go nodejs language host would start one project's program. */
export interface ProgramLaunch {
  project: string;
  /** Folder of Pulumi.yaml (`--root-directory`). */
  root: string;
  /** Program directory: cwd of the language host and node, and `--pwd`. */
  pwd: string;
  /** Entry point handed to cmd/run (`.` for a directory). */
  entry: string;
  options: RuntimeOptions;
}

/**
 * Reads a project's Pulumi.yaml as the CLI does: `main` (relative to Pulumi.yaml) names a
 * directory (pwd = it, entry `.`) or a file (pwd = its folder, entry = its name); no `main` means
 * the project folder. [R] pkg/engine/project.go:45-72 (pulumi/pulumi), reference §1.1.
 */
export function programLaunch(repoRoot: string, program: ProgramName): ProgramLaunch {
  const root = resolve(repoRoot, pulumiWorkDir(program));
  const project = parse(readFileSync(join(root, "Pulumi.yaml"), "utf8")) as {
    name: string;
    main?: string;
    runtime: string | { name: string; options?: RuntimeOptions };
  };
  const options = typeof project.runtime === "string" ? {} : (project.runtime.options ?? {});
  if (!project.main) return { project: project.name, root, pwd: root, entry: ".", options };
  const main = resolve(root, project.main);
  return statSync(main).isDirectory()
    ? { project: project.name, root, pwd: main, entry: ".", options }
    : { project: project.name, root, pwd: dirname(main), entry: basename(main), options };
}

export interface ProgramExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node <program's @pulumi/pulumi/cmd/run> --monitor A --engine A ... <entry>` with cwd = the
 * program directory and the environment the language host builds: PULUMI_CONFIG (stack file over
 * Pulumi.yaml defaults, secrets in plaintext as the engine decrypts them), PULUMI_CONFIG_SECRET_KEYS,
 * PULUMI_NODEJS_TYPESCRIPT unless `typescript: false`, and PULUMI_NODEJS_TSCONFIG_PATH verbatim when
 * the `tsconfig` option is set. [R] sdk/nodejs/cmd/pulumi-language-nodejs/main.go:912-1161, reference §1.3-1.4.
 */
export function runProgramLikePulumi(options: {
  repoRoot: string;
  program: ProgramName;
  stack: string;
  engine: FakeEngine;
  /** What the backend reports (`organization` for the file and S3 backends). */
  organization: string;
  dryRun?: boolean;
  timeoutMs: number;
}): Promise<ProgramExit> {
  const launch = programLaunch(options.repoRoot, options.program);
  const runPath = createRequire(join(launch.pwd, "x.js")).resolve("@pulumi/pulumi/cmd/run");
  const { config, secretKeys } = readStackConfig(options.repoRoot, options.program, options.stack);
  // A controlled environment: inherited PULUMI_* or NODE_OPTIONS would silently change the run.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
  };
  if (launch.options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (launch.options.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = launch.options.tsconfig;
  const nodeargs = launch.options.nodeargs?.split(/\s+/).filter(Boolean) ?? [];
  const args = [
    ...nodeargs,
    runPath,
    ...["--monitor", options.engine.address, "--engine", options.engine.address],
    ...["--organization", options.organization, "--project", launch.project],
    ...["--root-directory", launch.root, "--stack", options.stack, "--pwd", launch.pwd],
    ...(options.dryRun ? ["--dry-run"] : []),
    ...["--parallel", "16"],
    launch.entry,
  ];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: launch.pwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    // After a failure node may linger ~30 s on the open channel (reference §2.4): stop it once the
    // program reported an error, and give up on a run that hangs.
    const poll = setInterval(() => {
      if (options.engine.record.diagnostics.some((d) => d.severity === 3)) child.kill();
    }, 500);
    const timer = setTimeout(() => child.kill(), options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}
