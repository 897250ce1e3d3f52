import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/** The log file of one run: every line shown, plus the full text of each failure. */
export interface RunLog {
  path: string;
  write(text: string): void;
}

/** `.lakehouse/logs/<operation>-<stack>-<UTC time>.log` (gitignored), created on the first write. */
export function openRunLog(repoRoot: string, operation: string, stack: string, now = new Date()): RunLog {
  const dir = join(repoRoot, ".lakehouse", "logs");
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const path = join(dir, `${operation}-${stack}-${stamp}.log`);
  let opened = false;
  return {
    path,
    write(text) {
      if (!opened) {
        mkdirSync(dir, { recursive: true });
        opened = true;
      }
      appendFileSync(path, text.endsWith("\n") ? text : `${text}\n`);
    },
  };
}
