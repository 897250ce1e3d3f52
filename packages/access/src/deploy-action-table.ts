/**
 * Per Pulumi type, the calls that create, read, update and delete it
 * (packages/contracts/src/deploy-actions.json). Its own module: both the deploy manifest (what a
 * layer's role may call) and the deploy matrix (what it must be able to call) read it.
 */
export interface DeployActionTable {
  /** Calls of features the platform does not use, dropped from the roles (with why). */
  unused: { type?: string; pattern: string; why: string }[];
  starOnly: string[];
  types: Record<string, Partial<Record<"create" | "read" | "update" | "delete", string[]>>>;
}
