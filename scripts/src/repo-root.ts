import { resolve } from "node:path";

/** The repository root: this package lives in `<root>/scripts`. */
export const REPO_ROOT = resolve(__dirname, "..", "..");
