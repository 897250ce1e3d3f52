import type { ViteUserConfig } from "vitest/config";

/**
 * Test settings every package shares: a JSON report per package in .test-results/ (turbo caches
 * it, and .ci/run totals the counts from it), and forked workers so each test file gets its own
 * Pulumi runtime state.
 */
export function sharedTestConfig(
  overrides: NonNullable<ViteUserConfig["test"]> = {},
): NonNullable<ViteUserConfig["test"]> {
  return {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    passWithNoTests: true,
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
    ...overrides,
  };
}
