import { isLayer, type Layer, STACKS } from "@lakehouse/contracts";

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface ParsedArgs {
  command: string;
  flags: Map<string, string | true>;
}

/** `cmd --key value --flag` -> command and flags; positional arguments after the command are rejected. */
export function parseArgs(argv: string[]): ParsedArgs {
  const [command = "help", ...rest] = argv;
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === "-h") {
      flags.set("help", true);
      continue;
    }
    if (!arg.startsWith("--"))
      throw new UsageError(`unexpected argument "${arg}" (flags look like --name value)`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const next = rest[i + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (next !== undefined && !next.startsWith("--")) {
      flags.set(name, next);
      i++;
    } else flags.set(name, true);
  }
  return { command, flags };
}

export function stringFlag(flags: Map<string, string | true>, name: string): string | undefined {
  const v = flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

/** `--layers a,b`: every name must be a layer. */
export function layersFlag(flags: Map<string, string | true>): Layer[] | undefined {
  const raw = stringFlag(flags, "layers");
  if (raw === undefined) return undefined;
  const names = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !isLayer(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(
      `unknown layer ${unknown.map((u) => `"${u}"`).join(", ") || "(none given)"}; layers are: network, lake-storage, ingestion, transformation, analytics`,
    );
  }
  return names as Layer[];
}

/** `--stack s`: must be one of the platform's stacks. Without it: all stacks, or an error when `required`. */
export function stacksFlag(flags: Map<string, string | true>, required = false): string[] {
  const raw = stringFlag(flags, "stack");
  if (raw === undefined) {
    if (required) throw new UsageError(`--stack is required (one of: ${STACKS.join(", ")})`);
    return [...STACKS];
  }
  if (!(STACKS as readonly string[]).includes(raw)) {
    throw new UsageError(`unknown stack "${raw}"; stacks are: ${STACKS.join(", ")}`);
  }
  return [raw];
}

/** Rejects flags a command does not know, naming them and the ones it does. */
export function allowFlags(args: ParsedArgs, known: readonly string[]): void {
  const unknown = [...args.flags.keys()].filter((f) => !known.includes(f));
  if (unknown.length > 0) {
    throw new UsageError(
      `${args.command}: unknown flag ${unknown.map((f) => `--${f}`).join(", ")} (flags: ${known.map((f) => `--${f}`).join(", ")})`,
    );
  }
}

/** `--name N`: a positive integer, or `fallback` when absent. */
export function positiveIntFlag(flags: Map<string, string | true>, name: string, fallback: number): number {
  const raw = stringFlag(flags, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** A flag without a value: `--diff`. */
export function booleanFlag(flags: Map<string, string | true>, name: string): boolean {
  const v = flags.get(name);
  if (v === undefined) return false;
  if (v === true || v === "true") return true;
  if (v === "false") return false;
  throw new UsageError(`--${name} takes no value, got "${v}"`);
}
