import { defineConfig } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.mts";

// A data-path test drives a whole source (moto calls, DuckDB runs); the plans are computed in
// beforeAll, once per stack for the whole package (one worker).
export default defineConfig({ test: sharedTestConfig({ testTimeout: 120_000, hookTimeout: 300_000 }) });
