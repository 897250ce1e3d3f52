/** The offline plan of one program, as written to `.plan/<stack>/<project>.json` (DESIGN section 6). */
export interface PlanResource {
  urn: string;
  id: string | null;
  type: string;
  name: string;
  /** The ARN the mock gave the resource (as the provider would return it), when it has one. */
  arn?: string;
  parent: string | null;
  inputs: Record<string, unknown>;
  protect: boolean;
  /** Whether `pulumi destroy` (or removing it from the program) leaves the cloud resource in place. */
  retainOnDelete?: boolean;
  /** URNs its own `aliases` option names (absent when none): what it was called before a rename. */
  aliases?: string[];
}

export interface PlanFile {
  layer: string;
  project: string;
  stack: string;
  /** The account and region the stack deploys into (`stacks/accounts.yaml`). */
  account: string;
  region: string;
  resources: PlanResource[];
  /** The provider functions (data sources) the program calls, each once: reads a deploy makes with the deployer's rights. */
  invokes: PlanInvoke[];
  outputs: Record<string, unknown>;
  references: { layer: string; keys: string[] }[];
}

/** One data-source call of a program: its token, arguments and the provider's answer. */
export interface PlanInvoke {
  token: string;
  args: Record<string, unknown>;
  result: Record<string, unknown>;
}
