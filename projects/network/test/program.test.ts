import { resolve } from "node:path";
import { layerFixture, readStackConfig, runProgram } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";
import { logRetention, program } from "../src/program";

const repoRoot = resolve(__dirname, "../../..");

async function plan(stack: "dev" | "prod") {
  const { config, secretKeys } = readStackConfig(repoRoot, "network", stack);
  return runProgram(program, { project: "lakehouse-network", stack, config, secretKeys });
}

describe("network layer", () => {
  it("dev: two AZs, no NAT, gateway endpoints on exactly the exported private route tables", async () => {
    const run = await plan("dev");
    const fixture = layerFixture("network", "dev");
    expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(fixture).sort());
    expect(run.outputs.availabilityZones).toEqual(["eu-west-1a", "eu-west-1b"]);
    expect(run.outputs.privateSubnetIds).toHaveLength(2);
    expect(run.outputs.isolatedSubnetIds).toHaveLength(2);
    expect(run.recorder.ofType("aws:ec2/natGateway:NatGateway")).toEqual([]);
    expect(run.recorder.ofType("aws:ec2/internetGateway:InternetGateway")).toEqual([]);
    const routeTables = run.outputs.privateRouteTableIds as string[];
    expect(routeTables).toHaveLength(2);
    for (const service of ["s3", "dynamodb"]) {
      const gateway = run.recorder.get("aws:ec2/vpcEndpoint:VpcEndpoint", `lakehouse-dev-${service}`);
      expect(gateway.inputs.routeTableIds).toEqual(routeTables);
    }
    expect(run.recorder.get("aws:ec2/vpcEndpoint:VpcEndpoint", "lakehouse-dev-s3").state.prefixListId).toBe(
      run.outputs.s3PrefixListId,
    );
    // Nothing stateful is kept on dev.
    expect(run.recorder.resources.filter((r) => r.protect).map((r) => r.name)).toEqual([]);
  });

  it("prod: three AZs, no NAT gateway (nothing in the VPC needs the internet), protected flow-log group and key with a year's retention", async () => {
    const run = await plan("prod");
    expect(run.outputs.availabilityZones).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    expect(run.outputs.vpcCidr).toBe("10.30.0.0/16");
    expect(run.recorder.ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(0);
    expect(run.recorder.ofType("aws:ec2/eip:Eip")).toHaveLength(0);
    // the only interface endpoint is the one DMS Serverless needs, in every AZ
    const interfaces = run.recorder
      .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
      .filter((e) => e.inputs.vpcEndpointType === "Interface");
    expect(interfaces.map((e) => e.inputs.serviceName)).toEqual(["com.amazonaws.eu-west-1.secretsmanager"]);
    expect(interfaces[0]?.inputs.subnetIds).toHaveLength(3);
    const group = run.recorder.get("aws:cloudwatch/logGroup:LogGroup", "flow-logs");
    const key = run.recorder.get("aws:kms/key:Key", "network-logs");
    expect(group.inputs).toMatchObject({ retentionInDays: 365, kmsKeyId: key.state.arn });
    expect(group).toMatchObject({ protect: true, retainOnDelete: true });
    expect(key).toMatchObject({ protect: true, retainOnDelete: true });
    expect(key.inputs.enableKeyRotation).toBe(true);
    const sgIds = run.outputs.securityGroupIds as Record<string, string>;
    expect(Object.keys(sgIds).sort()).toEqual(["database", "dms", "glue", "lambda"]);
    const subnets = run.recorder.ofType("aws:ec2/subnet:Subnet").map((s) => s.inputs.cidrBlock);
    expect(new Set(subnets).size).toBe(subnets.length);
    for (const r of run.recorder.ofType("aws:ec2/vpc:Vpc")) {
      expect(r.inputs.tags).toMatchObject({
        layer: "network",
        environment: "prod",
        "owner-team": "platform-network",
      });
    }
  });

  it("rounds the flow-log retention up to a value CloudWatch accepts", () => {
    expect(logRetention(14)).toBe(14);
    expect(logRetention(15)).toBe(30);
    expect(logRetention(366)).toBe(400);
  });
});
