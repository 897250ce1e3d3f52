import { ConfigError } from "@lakehouse/contracts";
import { type ParsedArgs, parseArgs, UsageError } from "./args";
import { affectedCommand } from "./commands/affected";
import { deployCommand } from "./commands/deploy";
import { planCommand } from "./commands/plan";
import { planBenchCommand } from "./commands/plan-bench";
import { prPreviewCommand } from "./commands/pr-preview";
import { PlanError } from "./plan/run-plan";

const USAGE = `usage: lakehouse <command> [flags]
  plan [--stack dev|prod] [--layers a,b] [--out dir]        offline plan of every layer under mocks (no cloud)
       [--diff <base plan dir> [--diff-out file.md]]      ... and a Markdown diff against a base plan (needs --stack)
  plan-bench [--runs N]                                   time the full offline plan of both stacks
  preview|up|destroy|refresh --stack <s> [--layers a,b] [--parallel N] [--diff] [--refresh]
                                                          Automation API per layer, in DAG order (destroy: reverse)
  affected --base <git ref> [--json]                      layers changed since base, plus everything downstream
  pr-preview --base <ref> --stack <s> [--out comment.md] [--layers a,b] [--results dir] [--render-only]
                                                          preview the affected layers, write one PR comment

Backend: PULUMI_BACKEND_URL (default file://<repo>/.pulumi-state). Secrets: PULUMI_CONFIG_PASSPHRASE,
PULUMI_CONFIG_PASSPHRASE_FILE or LAKEHOUSE_SECRETS_PROVIDER=awskms://... (bootstrap output secretsProvider).`;

const COMMANDS: Record<string, (args: ParsedArgs) => Promise<number>> = {
  plan: (a) => planCommand(a),
  "plan-bench": (a) => planBenchCommand(a),
  preview: deployCommand("preview"),
  up: deployCommand("up"),
  destroy: deployCommand("destroy"),
  refresh: deployCommand("refresh"),
  affected: (a) => affectedCommand(a),
  "pr-preview": (a) => prPreviewCommand(a),
};

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.command === "help" || args.flags.has("help")) {
    console.log(USAGE);
    return 0;
  }
  const command = COMMANDS[args.command];
  if (!command) throw new UsageError(`unknown command "${args.command}"\n${USAGE}`);
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`lakehouse: ${err.message}`);
      process.exit(2);
    }
    if (err instanceof PlanError || err instanceof ConfigError) {
      console.error(`lakehouse: ${err.message}`);
      process.exit(1);
    }
    console.error(err);
    process.exit(1);
  },
);
