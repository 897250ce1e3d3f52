import type { Layer } from "@lakehouse/contracts";

/**
 * The small slice of the Pulumi Automation API the CLI uses, behind an interface so the
 * orchestration is tested with a fake (no Pulumi CLI here). `automation-driver.ts` is the real one.
 */
export type Operation = "preview" | "up" | "destroy" | "refresh";
export const OPERATIONS: readonly Operation[] = ["preview", "up", "destroy", "refresh"];

export interface ChangeCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  same: number;
}

/** One resource step the engine planned or performed (from its engine events). */
export interface ResourceStep {
  urn: string;
  type: string;
  op: string;
  /** Input keys forcing a replacement. */
  replaceKeys?: string[];
  /** Input keys that differ. */
  diffs?: string[];
}

export interface PolicyViolation {
  policyPack: string;
  policy: string;
  level: "advisory" | "warning" | "mandatory" | "disabled" | "remediate";
  message: string;
  urn?: string;
}

export interface OperationResult {
  changes: ChangeCounts;
  steps: ResourceStep[];
  policyViolations: PolicyViolation[];
  /** Stack output keys whose value would change (or changed). */
  outputChanges: string[];
  /** The engine's textual output (a diff when `diff` was asked for). */
  stdout: string;
}

export interface OperationOptions {
  /** Receives engine output as it arrives, in chunks that need not end at a line break. */
  onOutput: (chunk: string) => void;
  /** Receives the engine's stderr as it arrives. */
  onError?: (chunk: string) => void;
  /** Policy packs to enforce (preview and up). */
  policyPacks?: string[];
  /** Show a detailed diff (preview and up). */
  diff?: boolean;
  /** Refresh the state before the operation (preview, up, destroy). */
  refresh?: boolean;
}

/** A resource whose deployed state differs from what the program declares, after a refresh. */
export interface DriftedResource {
  urn: string;
  type: string;
  /** What the engine would do to bring it back: update, replace, create (deleted by hand), delete. */
  op: string;
  /** Properties that differ (the engine's `diffs`). */
  properties: string[];
}

export interface DriftResult {
  drifted: DriftedResource[];
  stdout: string;
}

/** One layer's stack, selected or created in its Pulumi project folder. */
export interface StackDriver {
  preview(options: OperationOptions): Promise<OperationResult>;
  up(options: OperationOptions): Promise<OperationResult>;
  destroy(options: OperationOptions): Promise<OperationResult>;
  refresh(options: OperationOptions): Promise<OperationResult>;
  outputs(): Promise<Record<string, unknown>>;
  /** `preview --refresh --expect-no-changes`: what differs between the cloud and the program. */
  drift(options: OperationOptions): Promise<DriftResult>;
  /** The resources in the stack's state, with the options a destroy honours. */
  resources(): Promise<StateResource[]>;
}

/** One resource of a stack's state (checkpoint `deployment.resources[]`, apitype ResourceV3). */
export interface StateResource {
  urn: string;
  type: string;
  /** A destroy refuses to delete it until it is unprotected. */
  protect: boolean;
  /** A destroy removes it from the state and leaves it in the account. */
  retainOnDelete: boolean;
}

export interface StackTarget {
  layer: Layer;
  /** Short stack name, e.g. `dev`. */
  stack: string;
  /** Absolute path of the folder holding the layer's Pulumi.yaml. */
  workDir: string;
}

export type DriverFactory = (target: StackTarget) => Promise<StackDriver>;

export const NO_CHANGES: ChangeCounts = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
