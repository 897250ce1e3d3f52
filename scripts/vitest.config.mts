import { defineConfig } from "vitest/config";
import { sharedTestConfig } from "../vitest.shared.mts";

// The Automation API driver's tests replace a module with vi.mock, which needs a module cache of
// their own: this package keeps per-file isolation.
export default defineConfig({ test: sharedTestConfig({ isolate: true }) });
