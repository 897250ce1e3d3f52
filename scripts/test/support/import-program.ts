import { join } from "node:path";
import type { ProgramLoader } from "../../src/plan/run-plan";
import { REPO_ROOT } from "../../src/repo-root";

/** vitest transforms imports, not require(): load the layer programs through import(). */
export const importProgram: ProgramLoader = async (program) =>
  (await import(join(REPO_ROOT, "projects", program, "src", "program.ts"))).program;
