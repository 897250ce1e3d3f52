import { MOCK_ACCOUNT_ID, MOCK_REGION } from "./constants";
import { PROVIDER_RESOURCES, providerState } from "./provider-resources";
import { stableHex, stableUuid } from "./stable-id";

/**
 * Realistic ids and output properties per resource type, so code that parses or embeds ARNs
 * (policies, conditions, URLs) sees the shapes AWS would return: what the provider returns, per
 * `packages/testing/src/provider-resources.ts`. A type missing there fails instead of getting an
 * invented id or ARN; a component resource gets neither (the engine gives it no id).
 */
export interface MockState {
  id: string | undefined;
  state: Record<string, unknown>;
}

type Inputs = Record<string, unknown>;

/**
 * The physical name AWS would hold: the type's name input (`nameInput` in provider-resources.ts),
 * else Pulumi's auto-name (`<name>-<7 hex>`, after a `namePrefix`/`bucketPrefix` if given).
 */
function physicalName(type: string, name: string, inputs: Inputs): string {
  const v = inputs[PROVIDER_RESOURCES[type]?.nameInput ?? "name"];
  if (typeof v === "string" && v.length > 0) return v;
  const prefix = inputs.namePrefix ?? inputs.bucketPrefix;
  if (typeof prefix === "string") return `${prefix}${stableHex(7, type, name)}`;
  return `${name}-${stableHex(7, type, name)}`;
}

/** The resource types with a provider entry (the fidelity test checks each against its provider). */
export const MOCKED_TYPES: readonly string[] = Object.keys(PROVIDER_RESOURCES);

export function mockResourceState(
  type: string,
  name: string,
  inputs: Inputs,
  region = MOCK_REGION,
  options: { custom?: boolean; account?: string } = {},
): MockState {
  if (options.custom === false) return { id: undefined, state: inputs };
  if (type.startsWith("pulumi:providers:")) return { id: stableUuid("provider", type, name), state: inputs };
  return providerState(type, {
    name,
    physical: physicalName(type, name, inputs),
    inputs,
    region,
    account: options.account ?? MOCK_ACCOUNT_ID,
  });
}
