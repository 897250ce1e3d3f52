// The policy pack's entry: `pulumi preview --policy-pack packages/policy` runs this file (package.json
// "main"). Workspace code imports the rules through "exports" (src/index.ts) and never starts the pack.
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, pulumiPolicies } from "./src";

new PolicyPack(POLICY_PACK_NAME, {
  description: "Security and reliability guardrails of the lakehouse platform.",
  policies: pulumiPolicies(),
});
