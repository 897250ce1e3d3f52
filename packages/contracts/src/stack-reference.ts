import * as pulumi from "@pulumi/pulumi";
import { type Layer, projectName, pulumiWorkDir } from "./layers";
import type { LayerOutputs } from "./outputs";

/** What a producer's program returns: its contract, each value possibly still an Output. */
export type LayerExports<L extends Layer> = {
  [K in keyof LayerOutputs[L]]: pulumi.Input<LayerOutputs[L][K]>;
};

/** Typed read access to another layer's stack outputs. */
export interface LayerReference<L extends Layer> {
  readonly layer: L;
  /** Fully qualified stack name, `<org>/lakehouse-<layer>/<stack>`. */
  readonly stackName: string;
  /** The output `key` of the producing layer; fails with the layer, stack and key named when it is missing. */
  require<K extends keyof LayerOutputs[L] & string>(key: K): pulumi.Output<LayerOutputs[L][K]>;
  /**
   * The same output as a plain value, for a program that must decide something before it plans
   * resources (e.g. check an attached source against the network); fails as `require` does.
   */
  requireValue<K extends keyof LayerOutputs[L] & string>(key: K): Promise<LayerOutputs[L][K]>;
}

const DEFAULT_ORG = "organization";
const references = new Map<string, pulumi.StackReference>();
const keysRead = new Map<Layer, Set<string>>();

/**
 * Organization part of stack reference names: the program's config key `stackOrg` when set, else
 * the organization the engine runs the program for (`pulumi.getOrganization()`: `organization` on
 * the file and S3 backends, pulumi/pulumi pkg/backend/diy/backend.go; the stack's organization on
 * Pulumi Cloud). Under the mock harness, which names none, `organization`.
 */
export function stackOrg(): string {
  const configured = new pulumi.Config().get("stackOrg");
  if (configured) return configured;
  try {
    return pulumi.getOrganization();
  } catch {
    return DEFAULT_ORG;
  }
}

/** `<org>/lakehouse-<layer>/<stack>`: the same stack name as the consumer's, in the producer's project. */
export function layerStackName(producer: Layer, stack = pulumi.getStack(), org = stackOrg()): string {
  return `${org}/${projectName(producer)}/${stack}`;
}

export function missingOutputMessage(producer: Layer, stackName: string, key: string): string {
  return (
    `layer "${producer}" (stack ${stackName}) does not export output "${key}", which ` +
    `${pulumi.getProject()} reads. Deploy ${producer} first (cd ${pulumiWorkDir(producer)} && pulumi up), ` +
    `or add "${key}" to its contract in packages/contracts.`
  );
}

/** A typed reference to the stack of layer `producer` that pairs with the current stack. */
export function layer<L extends Layer>(producer: L): LayerReference<L> {
  const stackName = layerStackName(producer);
  let ref = references.get(stackName);
  if (!ref) {
    ref = new pulumi.StackReference(stackName);
    references.set(stackName, ref);
  }
  const stackRef = ref;
  return {
    layer: producer,
    stackName,
    require(key) {
      noteRead(producer, key);
      return pulumi.all([stackRef.outputs, stackRef.getOutput(key)]).apply(([all, value]) => {
        if (!(key in all) || value === undefined) {
          throw new Error(missingOutputMessage(producer, stackName, key));
        }
        return value;
      }) as pulumi.Output<never>;
    },
    async requireValue(key) {
      noteRead(producer, key);
      const details = await stackRef.getOutputDetails(key);
      const value = details.value ?? details.secretValue;
      if (value === undefined) throw new Error(missingOutputMessage(producer, stackName, key));
      return value;
    },
  };
}

function noteRead(producer: Layer, key: string): void {
  let keys = keysRead.get(producer);
  if (!keys) {
    keys = new Set();
    keysRead.set(producer, keys);
  }
  keys.add(key);
}

/** Which outputs of which layers this program has read so far (the offline plan reports these). */
export function referencedOutputs(): { layer: Layer; keys: string[] }[] {
  return [...keysRead.entries()].map(([l, keys]) => ({ layer: l, keys: [...keys].sort() }));
}

/** Forgets references and reads; the offline plan calls it between programs run in one process. */
export function resetLayerReferences(): void {
  references.clear();
  keysRead.clear();
}
