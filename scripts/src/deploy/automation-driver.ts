import { spawnSync } from "node:child_process";
import {
  type EngineEvent,
  LocalWorkspace,
  type OpMap,
  type Stack,
  StackNotFoundError,
} from "@pulumi/pulumi/automation";
import { UsageError } from "../args";
import type { Backend } from "./backend";
import type {
  ChangeCounts,
  DriftResult,
  DriverFactory,
  OperationOptions,
  OperationResult,
  PolicyViolation,
  ResourceStep,
  StackTarget,
  StateResource,
} from "./driver";
import { LayerFailure, summarizeFailure } from "./layer-failure";

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

const workspace = (target: StackTarget) => ({ stackName: target.stack, workDir: target.workDir });

/**
 * The real driver: `LocalWorkspace.selectStack` on the layer's Pulumi project folder. It never
 * creates a stack (a stack created on the fly writes secrets settings into a stack file nobody
 * commits): a missing stack fails the layer, naming `lakehouse init`.
 */
export function automationDriverFactory(backend: Backend): DriverFactory {
  return async (target) => {
    let stack: Stack;
    try {
      stack = await LocalWorkspace.selectStack(workspace(target), { envVars: backend.envVars });
    } catch (err) {
      if (err instanceof StackNotFoundError) {
        throw new LayerFailure(
          `stack ${target.stack} of ${target.layer} does not exist in ${backend.url}; create the stacks once with: pnpm lakehouse init --stack ${target.stack}`,
          String(err),
        );
      }
      throw summarizeFailure(err, "", []);
    }
    return {
      preview: (o) =>
        run(o, async (common) => {
          const r = await stack.preview({
            ...common,
            policyPacks: o.policyPacks,
            diff: o.diff,
            refresh: o.refresh,
          });
          return { stdout: r.stdout, ops: r.changeSummary };
        }),
      up: (o) =>
        run(o, async (common) => {
          const r = await stack.up({
            ...common,
            policyPacks: o.policyPacks,
            diff: o.diff,
            refresh: o.refresh,
          });
          return { stdout: r.stdout, ops: r.summary.resourceChanges ?? {} };
        }),
      destroy: (o) =>
        run(o, async (common) => {
          const r = await stack.destroy({ ...common, refresh: o.refresh });
          return { stdout: r.stdout, ops: r.summary.resourceChanges ?? {} };
        }),
      refresh: (o) =>
        run(o, async (common) => {
          const r = await stack.refresh(common);
          return { stdout: r.stdout, ops: r.summary.resourceChanges ?? {} };
        }),
      drift: (o) => drift(stack, o),
      outputs: () => outputValues(stack),
      resources: async () => stateResources(await stack.exportStack()),
    };
  };
}

/**
 * `lakehouse init`: creates a layer's stack with the backend's secrets provider (Pulumi writes
 * `secretsprovider` and `encryptedkey` into the stack file, to be committed), or leaves an
 * existing one alone.
 */
export async function initStack(backend: Backend, target: StackTarget): Promise<"created" | "exists"> {
  try {
    await LocalWorkspace.selectStack(workspace(target), { envVars: backend.envVars });
    return "exists";
  } catch (err) {
    if (!(err instanceof StackNotFoundError)) throw summarizeFailure(err, "", []);
  }
  try {
    await LocalWorkspace.createStack(workspace(target), {
      envVars: backend.envVars,
      secretsProvider: backend.secretsProvider,
    });
  } catch (err) {
    throw summarizeFailure(err, "", []);
  }
  return "created";
}

interface CommonOptions {
  onOutput: (out: string) => void;
  onError: (err: string) => void;
  onEvent: (event: EngineEvent) => void;
  color: "never";
}

/** One operation: engine stdout and stderr stream to the caller; a failure carries its stderr and error diagnostics. */
async function run(
  o: OperationOptions,
  operate: (common: CommonOptions) => Promise<{ stdout: string; ops: OpMap }>,
): Promise<OperationResult> {
  const events: EngineEvent[] = [];
  let stderr = "";
  const common: CommonOptions = {
    onOutput: o.onOutput,
    onError: (chunk) => {
      stderr += chunk;
      o.onError?.(chunk);
    },
    onEvent: (e) => events.push(e),
    color: "never",
  };
  try {
    const { stdout, ops } = await operate(common);
    return { changes: counts(ops), ...fromEvents(events), stdout };
  } catch (err) {
    throw summarizeFailure(err, stderr, errorDiagnostics(events));
  }
}

/** Messages of the engine's error diagnostics (program exceptions, provider errors, config errors). */
export function errorDiagnostics(events: EngineEvent[]): string[] {
  return events
    .map((e) => e.diagnosticEvent)
    .filter((d) => d?.severity === "error")
    .map((d) => `${d?.urn ? `${d.urn}: ` : ""}${d?.message ?? ""}`);
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

const REPLACEMENT_PARTS = new Set(["create-replacement", "delete-replaced", "discard-replaced"]);

/** Steps, policy violations and changed stack outputs, read from the engine events. */
export function fromEvents(events: EngineEvent[]): Omit<OperationResult, "changes" | "stdout"> {
  const steps: ResourceStep[] = [];
  const policyViolations: PolicyViolation[] = [];
  const outputChanges = new Set<string>();
  for (const e of events) {
    const pre = e.resourcePreEvent?.metadata;
    // A replacement is one logical "replace" step plus non-logical create-replacement and
    // delete-replaced steps; Pulumi's own display hides the non-logical ones
    // (pulumi/pulumi pkg/backend/display, shouldShow), and so do the counts here.
    if (
      pre &&
      pre.type !== "pulumi:pulumi:Stack" &&
      pre.op !== "same" &&
      pre.logical !== false &&
      !REPLACEMENT_PARTS.has(pre.op)
    ) {
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

/**
 * `pulumi preview --refresh --expect-no-changes`: the refresh reads every resource from the cloud,
 * the preview compares it with the program, and --expect-no-changes makes the CLI exit non-zero
 * when anything differs. That failure is the drift report (its steps, from the engine events);
 * a failure without steps (credentials, a program error) is a failure of the check.
 */
async function drift(stack: Stack, o: OperationOptions): Promise<DriftResult> {
  const events: EngineEvent[] = [];
  let stdout = "";
  let stderr = "";
  try {
    const r = await stack.preview({
      refresh: true,
      expectNoChanges: true,
      diff: true,
      color: "never",
      onOutput: (chunk) => {
        stdout += chunk;
        o.onOutput(chunk);
      },
      onError: (chunk) => {
        stderr += chunk;
        o.onError?.(chunk);
      },
      onEvent: (e) => events.push(e),
    });
    return { drifted: driftedResources(events), stdout: r.stdout };
  } catch (err) {
    const drifted = driftedResources(events);
    if (drifted.length > 0) return { drifted, stdout };
    throw summarizeFailure(err, stderr, errorDiagnostics(events));
  }
}

/** The resources a refreshed preview would change, with the properties that differ. */
export function driftedResources(events: EngineEvent[]) {
  return fromEvents(events).steps.map((s) => ({
    urn: s.urn,
    type: s.type,
    op: s.op,
    properties: s.diffs ?? s.replaceKeys ?? [],
  }));
}

async function outputValues(stack: Stack): Promise<Record<string, unknown>> {
  const outputs = await stack.outputs();
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
}

/**
 * The resources of an exported checkpoint: `deployment.resources[]` with `urn`, `type` and the
 * omitempty flags `protect` and `retainOnDelete` (pulumi sdk/go/common/apitype/core.go ResourceV3).
 */
export function stateResources(exported: { deployment?: unknown }): StateResource[] {
  const resources =
    (exported.deployment as { resources?: Record<string, unknown>[] } | undefined)?.resources ?? [];
  return resources
    .filter((r) => r.type !== "pulumi:pulumi:Stack" && typeof r.urn === "string")
    .map((r) => ({
      urn: r.urn as string,
      type: String(r.type),
      protect: r.protect === true,
      retainOnDelete: r.retainOnDelete === true,
    }));
}
