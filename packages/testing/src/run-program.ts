import { referencedOutputs } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { installMocks, type MockOptions } from "./mocks";
import type { Recorder } from "./recorder";

export interface RunProgramOptions extends MockOptions {
  /** Config map as `pulumi config` holds it: `namespace:key` -> string value. */
  config?: Record<string, string>;
  /** Config keys whose values are secret. */
  secretKeys?: string[];
}

export interface ProgramRun {
  outputs: Record<string, unknown>;
  recorder: Recorder;
  references: { layer: string; keys: string[] }[];
}

/**
 * Runs a Pulumi program function under mocks as the engine would (inside a root Stack resource),
 * waits for every registration, and returns its exported outputs and recorded resources. Errors
 * thrown by the program or inside its outputs reject the returned promise.
 */
export async function runProgram(
  program: () => Promise<Record<string, unknown>> | Record<string, unknown>,
  options: RunProgramOptions = {},
): Promise<ProgramRun> {
  const { recorder } = installMocks(options);
  pulumi.runtime.setAllConfig(options.config ?? {}, options.secretKeys ?? []);
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    // A program that throws (bad config, say) is caught inside the stack's init, so the Stack
    // resource itself does not leave rejected promises behind for the test runner to report.
    let thrown: { error: unknown } | undefined;
    const outputs = (await pulumi.runtime.runInPulumiStack(async () => {
      try {
        return await program();
      } catch (error) {
        thrown = { error };
        return {};
      }
    })) as Record<string, unknown> | undefined;
    const waitForRPCs = () => (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    if (thrown) {
      // Let the Stack's own registrations finish on these mocks, not on the next run's.
      await waitForRPCs().catch(() => undefined);
      throw thrown.error;
    }
    await waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
    if (failures.length > 0) throw failures[0];
    return { outputs: outputs ?? {}, recorder, references: referencedOutputs() };
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}
