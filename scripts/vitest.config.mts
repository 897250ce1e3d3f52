import { defineConfig } from "vitest/config";
import { sharedTestConfig } from "../vitest.shared.mts";

// The Automation API driver's tests replace a module with vi.mock, which needs a module cache of
// their own: they run isolated, in a project of their own. The other files share one worker and
// its module cache (as every other package's do), so @pulumi/aws and the layer programs load once
// and each stack's offline plan is made once (test/support/stack-plans.ts).
const ISOLATED = ["test/automation-driver.test.ts"];
const { reporters, ...perProject } = sharedTestConfig();

export default defineConfig({
  test: {
    reporters,
    projects: [
      { test: { ...perProject, name: "shared", isolate: false, exclude: ISOLATED } },
      { test: { ...perProject, name: "isolated", isolate: true, include: ISOLATED } },
    ],
  },
});
