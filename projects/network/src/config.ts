import { commonConfigShape } from "@lakehouse/components";
import { loadConfig } from "@lakehouse/contracts";
import { z } from "zod";

/** Config of the network layer (stacks/network/Pulumi.<stack>.yaml, namespace lakehouse-network). */
export const networkConfigShape = {
  ...commonConfigShape,
  vpcCidr: z
    .string()
    .regex(/^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|20)$/, "an IPv4 CIDR block from /16 to /20")
    .describe("an IPv4 CIDR block from /16 to /20 such as 10.20.0.0/16"),
  availabilityZoneCount: z.number().int().min(2).max(6).describe("an integer from 2 to 6"),
  natGateways: z
    .enum(["none", "single", "one-per-az"])
    .default("none")
    .describe("none, single or one-per-az"),
  flowLogRetentionDays: z
    .number()
    .int()
    .min(1)
    .max(3653)
    .default(30)
    .describe("days, 1 to 3653 (CloudWatch snaps to its nearest allowed value)"),
  flowLogTrafficType: z.enum(["ACCEPT", "REJECT", "ALL"]).default("ALL").describe("ACCEPT, REJECT or ALL"),
};

export type NetworkConfig = ReturnType<typeof networkConfig>;

export function networkConfig(source?: (key: string) => string | undefined) {
  return loadConfig("network", networkConfigShape, source);
}
