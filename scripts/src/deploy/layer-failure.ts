/**
 * A layer's operation failed. `summary` is the first meaningful error line (the summary table and
 * the PR comment show it); `detail` is everything the engine said (the run's log file keeps it).
 */
export class LayerFailure extends Error {
  override name = "LayerFailure";
  constructor(
    readonly summary: string,
    readonly detail: string,
  ) {
    super(summary);
  }
}

// Lines that carry no cause: the Automation API's CommandResult framing and Pulumi's closing lines.
const NOISE = [
  /^code: -?\d+$/,
  /^(stdout|stderr|err\?):\s*$/,
  /^Command failed with exit code \d+: pulumi /,
  /^error: (update|preview|destroy|refresh) failed$/,
  /^error: an error occurred while advancing the preview$/,
];

/** The first line of `text` that says what went wrong (the driver asks for uncoloured output). */
export function firstMeaningfulLine(text: string): string | undefined {
  const lines = text
    .split("\n")
    .map((l) => l.trim().replace(/^(stdout|stderr|err\?): /, ""))
    .filter((l) => l && !NOISE.some((n) => n.test(l)));
  return lines.find((l) => l.startsWith("error:")) ?? lines[0];
}

/**
 * Turns an Automation API error into a LayerFailure whose summary is, in order: the first error
 * diagnostic of the engine, the first `error:` line of the CLI's stderr, or the error's own first
 * meaningful line (never the bare "code: -2" the CommandError starts with).
 */
export function summarizeFailure(err: unknown, stderr: string, diagnostics: string[]): LayerFailure {
  if (err instanceof LayerFailure) return err;
  const message = err instanceof Error ? err.message : String(err);
  const summary =
    diagnostics.map(firstMeaningfulLine).find(Boolean) ??
    firstMeaningfulLine(stderr) ??
    firstMeaningfulLine(message) ??
    "unknown error";
  const detail = [
    diagnostics.length > 0 ? `diagnostics:\n${diagnostics.join("\n")}` : "",
    stderr ? `stderr:\n${stderr}` : "",
    message,
  ]
    .filter(Boolean)
    .join("\n\n");
  return new LayerFailure(summary, detail);
}
