/** What a command accepts: its synopsis, what it does and each flag's meaning (for `--help`). */
export interface CommandSpec {
  name: string;
  /** A word that must follow the name (`lakehouse prices refresh`); the synopsis starts with it. */
  subcommand?: string;
  /** Flags after the command name, e.g. `--stack <s> [--layers a,b]`. */
  synopsis: string;
  description: string;
  /** Flag name (without `--`) -> what it does. */
  flags: Record<string, string>;
}

/** `lakehouse <command> --help`. */
export function commandUsage(spec: CommandSpec): string {
  const width = Math.max(...Object.keys(spec.flags).map((f) => f.length + 2), 6);
  return [
    `usage: lakehouse ${spec.name} ${spec.synopsis}`.trimEnd(),
    "",
    spec.description,
    "",
    "flags:",
    ...Object.entries(spec.flags).map(([flag, help]) => `  ${`--${flag}`.padEnd(width)}  ${help}`),
    `  ${"--help".padEnd(width)}  this help (also -h)`,
  ].join("\n");
}
