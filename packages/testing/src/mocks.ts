import { isLayer, placementOf, resetLayerReferences, type StackName, topology } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as state from "@pulumi/pulumi/runtime/state";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "./constants";
import { layerFixture } from "./fixtures";
import { DEFAULT_INVOKES, type InvokeFake } from "./invokes";
import { type RecordedResource, Recorder } from "./recorder";
import { type MockState, mockResourceState } from "./resource-state";

type Inputs = Record<string, unknown>;

export interface MockOptions {
  /** Pulumi project name (default `lakehouse-test`). */
  project?: string;
  /** Stack name (default `dev`). */
  stack?: string;
  /** Region the invokes and ARNs use (default: the stack's in `stacks/accounts.yaml`, else eu-west-1). */
  region?: string;
  /** Account the invokes and ARNs use (default: the stack's in `stacks/accounts.yaml`, else 123456789012). */
  account?: string;
  /**
   * Outputs of other stacks by fully qualified name (`org/project/stack`); return undefined for a
   * stack that does not exist. Default: the contract fixtures of the layer named in the project.
   */
  stackOutputs?: (stackName: string) => Record<string, unknown> | undefined;
  /** Extra or replacement invoke fakes, keyed by token. */
  invokes?: Record<string, InvokeFake>;
}

export interface MockHarness {
  recorder: Recorder;
}

/** Default stack outputs: a layer's contract fixture when the name is `<org>/lakehouse-<layer>/<stack>`. */
export function fixtureStackOutputs(stackName: string): Record<string, unknown> | undefined {
  const [, project = "", stack = "dev"] = stackName.split("/");
  const layerName = project.replace(/^lakehouse-/, "");
  if (!isLayer(layerName)) return undefined;
  return layerFixture(layerName, stack as StackName) as unknown as Record<string, unknown>;
}

/** Serialized RPC values to plan values: secrets become "[secret]", resource refs their URN, assets a summary. */
export function toPlanValue(value: unknown): unknown {
  if (value === rpc.unknownValue) return "[unknown]";
  if (Array.isArray(value)) return value.map(toPlanValue);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const sig = obj[rpc.specialSigKey];
    if (sig === rpc.specialSecretSig) return "[secret]";
    if (sig === rpc.specialResourceSig) return obj.urn;
    if (sig === rpc.specialOutputValueSig) return obj.secret ? "[secret]" : toPlanValue(obj.value);
    if (sig === rpc.specialAssetSig || sig === rpc.specialArchiveSig) {
      const { [rpc.specialSigKey]: _sig, ...rest } = obj;
      return { [sig === rpc.specialAssetSig ? "asset" : "archive"]: toPlanValue(rest) };
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toPlanValue(v)]));
  }
  return value;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getDependenciesList(): string[];
  getAliasesList(): AliasMessage[];
  getAliasurnsList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
/** pulumirpc.Alias: a URN, or a spec whose empty fields mean "as the resource is now". */
interface AliasMessage {
  hasUrn(): boolean;
  getUrn(): string;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        getParenturn(): string;
        getNoparent(): boolean;
      }
    | undefined;
}
interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type Monitor = {
  registerResource(req: RegisterRequest, cb: (err: unknown, resp?: RegisterResponse) => void): unknown;
};

/**
 * Points the Pulumi runtime at mocks that answer like AWS would, and records every registration
 * (with its parent, protect flag and resolved inputs). Call before importing the code under test.
 */
export function installMocks(options: MockOptions = {}): MockHarness {
  const recorder = new Recorder();
  const stack = options.stack ?? "dev";
  const placement = topology().stacks.some((p) => p.stack === stack) ? placementOf(stack) : undefined;
  const region = options.region ?? placement?.region ?? MOCK_REGION;
  const account = options.account ?? placement?.account ?? MOCK_ACCOUNT_ID;
  const invokes = { ...DEFAULT_INVOKES, ...options.invokes };
  const stackOutputs = options.stackOutputs ?? fixtureStackOutputs;
  resetLayerReferences();

  const mocks: pulumi.runtime.Mocks = {
    newResource(args: pulumi.runtime.MockResourceArgs): MockState {
      if (args.type === "pulumi:pulumi:StackReference") {
        const stackName = String(args.inputs.name);
        const outputs = stackOutputs(stackName);
        if (outputs === undefined) throw new Error(`stack reference ${stackName}: no such stack`);
        return { id: stackName, state: { name: stackName, outputs, secretOutputNames: [] } };
      }
      // @pulumi/aws 7's per-resource `region` input places the resource (and its ARN) there.
      const own = typeof args.inputs.region === "string" ? args.inputs.region : region;
      return mockResourceState(args.type, args.name, args.inputs, own, { custom: args.custom, account });
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
      const fake = invokes[args.token];
      if (!fake)
        throw new Error(`no mock for invoke ${args.token}: add it to packages/testing/src/invokes.ts`);
      // as for resources, a data source's own `region` argument is where it looks
      const result = fake(
        args.inputs,
        typeof args.inputs.region === "string" ? args.inputs.region : region,
        account,
      );
      recorder.invokes.push({ token: args.token, args: args.inputs, result });
      return result;
    },
  };
  pulumi.runtime.setMocks(mocks, options.project ?? "lakehouse-test", stack, false);

  const monitor = (
    (state as unknown as { getStore(): { settings: unknown } }).getStore().settings as unknown as {
      monitor: Monitor;
    }
  ).monitor;
  const stackName = options.stack ?? "dev";
  const projectName = options.project ?? "lakehouse-test";
  // Registrations (and their URNs) in the engine's form, not the mock monitor's.
  (monitor as unknown as { newUrn: (parent: string, type: string, name: string) => string }).newUrn = (
    parent,
    type,
    name,
  ) => engineUrn(stackName, projectName, parent, type, name);
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, resp) => {
      if (!err && resp) {
        const serialized = req.getObject()?.toJavaScript() ?? {};
        const entry: RecordedResource = {
          urn: resp.getUrn(),
          type: req.getType(),
          name: req.getName(),
          id: resp.getId() || null,
          parent: req.getParent() || null,
          custom: req.getCustom(),
          inputs: unwrap(serialized) as Inputs,
          planInputs: toPlanValue(serialized) as Inputs,
          state: unwrap(resp.getObject()?.toJavaScript() ?? {}) as Inputs,
          protect: req.getProtect(),
          retainOnDelete: req.getRetainondelete(),
          aliases: aliasUrns(req, resp.getUrn()),
          dependencies: req.getDependenciesList(),
        };
        recorder.add(entry);
      }
      callback(err, resp);
    });

  return { recorder };
}

/**
 * The URNs a resource's own `aliases` option names, in the engine's URN form. Aliases a child
 * inherits from its parent's aliases are the engine's to derive (scripts/src/plan-diff/urn-stability.ts does).
 */
function aliasUrns(req: RegisterRequest, urn: string): string[] {
  const [urnStack, urnProject] = urn.replace(/^urn:pulumi:/, "").split("::") as [string, string];
  const fromSpecs = req.getAliasesList().map((alias) => {
    if (alias.hasUrn()) return alias.getUrn();
    const spec = alias.getSpec();
    const name = spec?.getName() || req.getName();
    const type = spec?.getType() || req.getType();
    const parent = spec?.getNoparent() ? "" : spec?.getParenturn() || req.getParent();
    return engineUrn(spec?.getStack() || urnStack, spec?.getProject() || urnProject, parent, type, name);
  });
  return [...fromSpecs, ...req.getAliasurnsList()];
}

/**
 * A URN as the engine forms it: the parent's whole qualified type chain, then `$` and the type;
 * a child of the root Stack gets no prefix. Source: @pulumi/pulumi resource.ts `createUrn` (the
 * parent URN up to its last `::`, plus `$`, except after `pulumi:pulumi:Stack`) and the engine's
 * sdk/go/common/resource/urn.go `NewURN`. The SDK's mock monitor (runtime/mocks.ts `newUrn`) keeps
 * only the parent's last type and prefixes the Stack's, so URNs of nested components came out
 * unlike the real ones; the harness replaces it with this.
 */
export function engineUrn(
  stack: string,
  project: string,
  parent: string,
  type: string,
  name: string,
): string {
  const parentType = parent ? (parent.split("::")[2] ?? "") : "";
  const qualified = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** Serialized RPC values to plain JS values (secrets unwrapped). */
function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const sig = obj[rpc.specialSigKey];
    if (sig === rpc.specialSecretSig) return unwrap(obj.value);
    if (sig === rpc.specialResourceSig) return obj.urn;
    if (sig === rpc.specialOutputValueSig) return unwrap(obj.value);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrap(v)]));
  }
  return value;
}
