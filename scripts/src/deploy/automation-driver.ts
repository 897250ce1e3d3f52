import { spawnSync } from "node:child_process";
import { type EngineEvent, LocalWorkspace, type OpMap, type Stack } from "@pulumi/pulumi/automation";
import { UsageError } from "../args";
import type { Backend } from "./backend";
import type {
  ChangeCounts,
  DriverFactory,
  OperationOptions,
  OperationResult,
  PolicyViolation,
  ResourceStep,
} from "./driver";

/** The real driver, once the Pulumi CLI it drives is known to be installed. */
export function realDriverFactory(backend: Backend, env: NodeJS.ProcessEnv = process.env): DriverFactory {
  requirePulumiCli(env);
  return automationDriverFactory(backend);
}

/** The Automation API runs the `pulumi` CLI: without it every layer would fail with an opaque spawn error. */
export function requirePulumiCli(env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync("pulumi", ["version"], { env, encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new UsageError(
      "the Pulumi CLI is not installed or not on PATH (install it: https://www.pulumi.com/docs/iac/download-install/); the Automation API drives it",
    );
  }
}

/** The real driver: `LocalWorkspace.createOrSelectStack` on the layer's Pulumi project folder. */
export function automationDriverFactory(backend: Backend): DriverFactory {
  return async (target) => {
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: target.stack, workDir: target.workDir },
      { envVars: backend.envVars, secretsProvider: backend.secretsProvider },
    );
    return {
      preview: (o) =>
        run(async (events) => {
          const r = await stack.preview({
            ...common(o, events),
            policyPacks: o.policyPacks,
            diff: o.diff,
            refresh: o.refresh,
          });
          return { stdout: r.stdout, ops: r.changeSummary };
        }),
      up: (o) =>
        run(async (events) => {
          const r = await stack.up({
            ...common(o, events),
            policyPacks: o.policyPacks,
            diff: o.diff,
            refresh: o.refresh,
          });
          return { stdout: r.stdout, ops: r.summary.resourceChanges ?? {} };
        }),
      destroy: (o) =>
        run(async (events) => {
          const r = await stack.destroy({ ...common(o, events), refresh: o.refresh });
          return { stdout: r.stdout, ops: r.summary.resourceChanges ?? {} };
        }),
      refresh: (o) =>
        run(async (events) => {
          const r = await stack.refresh(common(o, events));
          return { stdout: r.stdout, ops: r.summary.resourceChanges ?? {} };
        }),
      outputs: () => outputValues(stack),
    };
  };
}

function common(o: OperationOptions, events: EngineEvent[]) {
  return { onOutput: o.onOutput, onEvent: (e: EngineEvent) => events.push(e), color: "never" as const };
}

async function run(
  operate: (events: EngineEvent[]) => Promise<{ stdout: string; ops: OpMap }>,
): Promise<OperationResult> {
  const events: EngineEvent[] = [];
  const { stdout, ops } = await operate(events);
  return { changes: counts(ops), ...fromEvents(events), stdout };
}

export function counts(ops: OpMap): ChangeCounts {
  return {
    create: ops.create ?? 0,
    update: ops.update ?? 0,
    replace: ops.replace ?? 0,
    delete: ops.delete ?? 0,
    same: ops.same ?? 0,
  };
}

/** Steps, policy violations and changed stack outputs, read from the engine events. */
export function fromEvents(events: EngineEvent[]): Omit<OperationResult, "changes" | "stdout"> {
  const steps: ResourceStep[] = [];
  const policyViolations: PolicyViolation[] = [];
  const outputChanges = new Set<string>();
  for (const e of events) {
    const pre = e.resourcePreEvent?.metadata;
    if (pre && pre.type !== "pulumi:pulumi:Stack" && pre.op !== "same") {
      steps.push({ urn: pre.urn, type: pre.type, op: pre.op, replaceKeys: pre.keys, diffs: pre.diffs });
    }
    const out = e.resOutputsEvent?.metadata;
    if (out?.type === "pulumi:pulumi:Stack") {
      const before = out.old?.outputs ?? {};
      const after = out.new?.outputs ?? {};
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) outputChanges.add(key);
      }
    }
    const p = e.policyEvent;
    if (p) {
      policyViolations.push({
        policyPack: p.policyPackName,
        policy: p.policyName,
        level: p.enforcementLevel,
        message: p.message,
        urn: p.resourceUrn,
      });
    }
  }
  return { steps, policyViolations, outputChanges: [...outputChanges].sort() };
}

async function outputValues(stack: Stack): Promise<Record<string, unknown>> {
  const outputs = await stack.outputs();
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
}
