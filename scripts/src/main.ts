import { ConfigError } from "@lakehouse/contracts";
import { parseArgs, UsageError } from "./args";
import { planCommand } from "./commands/plan";
import { PlanError } from "./plan/run-plan";

const USAGE = `usage: lakehouse <command> [flags]
  plan [--stack dev|prod] [--layers a,b] [--out dir]   offline plan of every layer under mocks (no cloud)`;

const COMMANDS: Record<string, (args: ReturnType<typeof parseArgs>) => Promise<number>> = {
  plan: planCommand,
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
