import type { ViteUserConfig } from "vitest/config";

/**
 * Test settings every package shares: a JSON report per package in .test-results/ (turbo caches
 * it, and .ci/run totals the counts from it), and a forked worker per package.
 */
export function sharedTestConfig(
  overrides: NonNullable<ViteUserConfig["test"]> = {},
): NonNullable<ViteUserConfig["test"]> {
  return {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    passWithNoTests: true,
    pool: "forks",
    // Test files of a package share one worker process and its module cache: loading
    // @pulumi/pulumi and @pulumi/aws once instead of per file cuts the suite's time by ~4x.
    // Every file still starts from a clean Pulumi runtime: installMocks() resets it.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
    ...overrides,
  };
}
