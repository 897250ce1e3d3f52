import { LAYERS } from "@lakehouse/contracts";

const WIDTH = Math.max(...LAYERS.map((l) => l.length));

/**
 * Turns engine output chunks into whole lines prefixed with their layer, so the output of
 * layers running side by side stays readable. `flush` emits a trailing partial line.
 */
export function linePrefixer(layer: string, writeLine: (line: string) => void) {
  const prefix = `[${layer.padEnd(WIDTH)}] `;
  let pending = "";
  return {
    write(chunk: string) {
      const parts = (pending + chunk).split(/\r?\n/);
      pending = parts.pop() ?? "";
      for (const line of parts) writeLine(prefix + line);
    },
    flush() {
      if (pending) writeLine(prefix + pending);
      pending = "";
    },
  };
}
