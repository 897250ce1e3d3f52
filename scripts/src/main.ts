import { ConfigError } from "@lakehouse/contracts";
import { type ParsedArgs, parseArgs, UsageError } from "./args";
import { type CommandSpec, commandUsage } from "./command-spec";
import { affectedCommand, affectedSpec } from "./commands/affected";
import { costCommand, costSpec } from "./commands/cost";
import { backfillCommand, backfillSpec, replayCommand, replaySpec } from "./commands/data";
import { deployCommand, deploySpec } from "./commands/deploy";
import { driftCommand, driftSpec } from "./commands/drift";
import { initCommand, initSpec } from "./commands/init";
import { planCommand, planSpec } from "./commands/plan";
import { planBenchCommand, planBenchSpec } from "./commands/plan-bench";
import { prPreviewCommand, prPreviewSpec } from "./commands/pr-preview";
import { pricesCommand, pricesSpec } from "./commands/prices";
import { PlanError } from "./plan/run-plan";

interface Command {
  spec: CommandSpec;
  run: (args: ParsedArgs) => Promise<number>;
}

/** Every `lakehouse` command, in the order `lakehouse --help` lists them. */
export const COMMANDS: Command[] = [
  { spec: planSpec, run: (a) => planCommand(a) },
  { spec: costSpec, run: (a) => costCommand(a) },
  { spec: pricesSpec, run: (a) => pricesCommand(a) },
  { spec: planBenchSpec, run: (a) => planBenchCommand(a) },
  { spec: initSpec, run: (a) => initCommand(a) },
  ...(["preview", "up", "destroy", "refresh"] as const).map((op) => ({
    spec: deploySpec(op),
    run: deployCommand(op),
  })),
  { spec: affectedSpec, run: (a) => affectedCommand(a) },
  { spec: prPreviewSpec, run: (a) => prPreviewCommand(a) },
  { spec: driftSpec, run: (a) => driftCommand(a) },
  { spec: backfillSpec, run: (a) => backfillCommand(a) },
  { spec: replaySpec, run: (a) => replayCommand(a) },
];

export const USAGE = [
  "usage: lakehouse <command> [flags]     (from the repository root: pnpm lakehouse <command> [flags])",
  "",
  ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(11)} ${c.spec.synopsis}`),
  "",
  "lakehouse <command> --help describes a command and its flags.",
  "Backend: PULUMI_BACKEND_URL (default file://<repo>/.pulumi-state). Secrets: LAKEHOUSE_SECRETS_PROVIDER=awskms://...",
  "(bootstrap output secretsProvider), or PULUMI_CONFIG_PASSPHRASE / PULUMI_CONFIG_PASSPHRASE_FILE.",
].join("\n");

const HELP = ["help", "--help", "-h"];

/** Runs one command line; returns the exit code (usage errors throw). */
export async function main(argv: string[], print: (text: string) => void = console.log): Promise<number> {
  const [first = "help", second] = argv;
  // A name may hold several commands told apart by their subcommand (`data backfill`, `data replay`).
  const named = (name: string) => COMMANDS.filter((c) => c.spec.name === name);
  const usageOf = (commands: Command[]) => commands.map((c) => commandUsage(c.spec)).join("\n\n");
  if (HELP.includes(first)) {
    const topic = second === undefined ? [] : named(second);
    if (second !== undefined && topic.length === 0)
      throw new UsageError(`unknown command "${second}"\n${USAGE}`);
    print(topic.length > 0 ? usageOf(topic) : USAGE);
    return 0;
  }
  const candidates = named(first);
  if (candidates.length === 0)
    throw new UsageError(`unknown command "${first}" (lakehouse --help lists the commands)`);
  const command =
    candidates.find((c) => c.spec.subcommand !== undefined && c.spec.subcommand === argv[1]) ??
    (candidates.length === 1 ? candidates[0] : undefined);
  const wantsHelp = argv.slice(1).some((a) => HELP.includes(a));
  if (!command || (command.spec.subcommand !== undefined && argv[1] !== command.spec.subcommand)) {
    if (wantsHelp) {
      print(usageOf(command ? [command] : candidates));
      return 0;
    }
    const subs = candidates.map((c) => `"${first} ${c.spec.subcommand}"`).join(" or ");
    throw new UsageError(`lakehouse ${first}: expected ${subs} (lakehouse ${first} --help)`);
  }
  const sub = command.spec.subcommand;
  const args = parseArgs(sub !== undefined ? [first, ...argv.slice(2)] : argv);
  if (args.flags.has("help")) {
    print(commandUsage(command.spec));
    return 0;
  }
  return command.run(args);
}

/** The one line a user sees for an expected failure; undefined for a bug (printed with its stack). */
export function oneLine(err: unknown): string | undefined {
  if (err instanceof UsageError || err instanceof PlanError || err instanceof ConfigError) return err.message;
  // A path the user gave that cannot be read or written (--out, --results, --diff-out, ...).
  const fsError = err as NodeJS.ErrnoException;
  if (fsError?.code && fsError.syscall && fsError.path) {
    return `cannot ${fsError.syscall} ${fsError.path}: ${fsError.code}`;
  }
  return undefined;
}
