import type { Layer } from "@lakehouse/contracts";
import {
  type DriftedResource,
  type DriverFactory,
  NO_CHANGES,
  type Operation,
  type OperationOptions,
  type OperationResult,
  type StackTarget,
  type StateResource,
} from "../../src/deploy/driver";

export interface FakeCall {
  operation: Operation | "outputs" | "drift";
  target: StackTarget;
  options?: OperationOptions;
  started: number;
  ended: number;
}

export interface FakeBehaviour {
  /** Milliseconds each operation takes, per layer (default 0). */
  latencyMs?: Partial<Record<Layer, number>>;
  /** Layers whose operation throws. */
  failing?: Layer[];
  /** Result per layer (default: no changes). */
  results?: Partial<Record<Layer, Partial<OperationResult>>>;
  /** Drift per layer (default none). */
  drift?: Partial<Record<Layer, DriftedResource[]>>;
  /** Resources in each layer's state (default none). */
  state?: Partial<Record<Layer, StateResource[]>>;
  /** Engine output each operation prints. */
  output?: (layer: Layer) => string[];
}

/** A fake of the Automation API surface: records every call with its timing. */
export function fakeDriver(behaviour: FakeBehaviour = {}) {
  const calls: FakeCall[] = [];
  const t0 = performance.now();
  const factory: DriverFactory = async (target) => {
    const operate = (operation: Operation) => async (options: OperationOptions) => {
      const call: FakeCall = { operation, target, options, started: performance.now() - t0, ended: 0 };
      calls.push(call);
      for (const chunk of behaviour.output?.(target.layer) ?? []) options.onOutput(chunk);
      await new Promise((r) => setTimeout(r, behaviour.latencyMs?.[target.layer] ?? 0));
      call.ended = performance.now() - t0;
      if (behaviour.failing?.includes(target.layer)) throw new Error(`${target.layer}: boom\nstack trace`);
      return {
        changes: NO_CHANGES,
        steps: [],
        policyViolations: [],
        outputChanges: [],
        stdout: "",
        ...behaviour.results?.[target.layer],
      };
    };
    return {
      preview: operate("preview"),
      up: operate("up"),
      destroy: operate("destroy"),
      refresh: operate("refresh"),
      drift: async (options: OperationOptions) => {
        const call: FakeCall = {
          operation: "drift",
          target,
          options,
          started: performance.now() - t0,
          ended: 0,
        };
        calls.push(call);
        call.ended = performance.now() - t0;
        if (behaviour.failing?.includes(target.layer)) throw new Error(`${target.layer}: boom\nstack trace`);
        return { drifted: behaviour.drift?.[target.layer] ?? [], stdout: "" };
      },
      outputs: async () => ({}),
      resources: async () => behaviour.state?.[target.layer] ?? [],
    };
  };
  return { factory, calls };
}
