import { installMocks, MOCK_ACCOUNT_ID, outputValue, policyOf } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";

const { recorder } = installMocks({ project: "lakehouse-network", stack: "prod", account: MOCK_ACCOUNT_ID });

import * as settings from "@pulumi/pulumi/runtime/settings";
import {
  PLATFORM_INTERFACE_ENDPOINTS,
  PrivateVpc,
  subnetCidr,
  tierCidr,
  VpcEndpoints,
  VpcFlowLogs,
  WorkloadSecurityGroups,
  workloadRules,
} from "../src";

const settle = () => (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

// Two VPCs: one fully private (dev), one with a NAT gateway per AZ (prod).
const isolated = new PrivateVpc("dev", { cidrBlock: "10.20.0.0/16", availabilityZones: zones.slice(0, 2) });
const natted = new PrivateVpc("prod", {
  cidrBlock: "10.30.0.0/16",
  availabilityZones: zones,
  natGateways: "one-per-az",
});
const endpoints = new VpcEndpoints("prod", {
  vpcId: natted.vpcId,
  routeTableIds: natted.privateRouteTableIds,
  subnetIds: natted.privateSubnetIds,
});
const groups = new WorkloadSecurityGroups("prod", {
  vpcId: natted.vpcId,
  endpointSecurityGroupId: endpoints.securityGroup.id,
  s3PrefixListId: endpoints.s3PrefixListId,
});
new VpcFlowLogs("flow-logs", {
  vpcId: natted.vpcId,
  logGroupName: "/lakehouse/prod/network/vpc-flow-logs",
  kmsKeyArn: `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT_ID}:key/abc`,
  retentionInDays: 365,
});

describe("subnet layout", () => {
  it("carves deterministic, non-overlapping subnets per tier and AZ", () => {
    expect(subnetCidr("10.20.0.0/16", 19, 1)).toBe("10.20.32.0/19");
    expect(tierCidr("10.20.0.0/16", "private", 0)).toBe("10.20.0.0/19");
    expect(tierCidr("10.20.0.0/16", "private", 5)).toBe("10.20.160.0/19");
    expect(tierCidr("10.20.0.0/16", "isolated", 0)).toBe("10.20.192.0/22");
    expect(tierCidr("10.20.0.0/16", "public", 2)).toBe("10.20.232.0/22");
    expect(tierCidr("10.20.0.0/20", "isolated", 1)).toBe("10.20.12.64/26");
  });

  it("rejects layouts AWS could not build", () => {
    expect(() => tierCidr("10.20.0.0/24", "private", 0)).toThrow(/must be \/16 to \/20/);
    expect(() => tierCidr("10.20.0.0/16", "private", 6)).toThrow(/at most 6/);
    expect(() => subnetCidr("10.20.0.1/16", 20, 0)).toThrow(/host bits/);
    expect(() => subnetCidr("10.20.0.0/16", 18, 4)).toThrow(/does not fit/);
  });
});

describe("PrivateVpc", () => {
  it("without NAT has no internet gateway, no public subnets and no route out of private subnets", async () => {
    await settle();
    const children = recorder.resources.filter((r) => r.name.startsWith("dev-") || r.name === "dev");
    expect(children.filter((r) => r.type === "aws:ec2/internetGateway:InternetGateway")).toEqual([]);
    expect(children.filter((r) => r.type === "aws:ec2/natGateway:NatGateway")).toEqual([]);
    const subnets = children.filter((r) => r.type === "aws:ec2/subnet:Subnet");
    expect(
      subnets.map((s) => s.inputs.tags && (s.inputs.tags as Record<string, string>).tier).sort(),
    ).toEqual(["isolated", "isolated", "private", "private"]);
    for (const s of subnets) expect(s.inputs.mapPublicIpOnLaunch).toBe(false);
    for (const t of children.filter((r) => r.type === "aws:ec2/routeTable:RouteTable")) {
      expect(t.inputs.routes ?? []).toEqual([]);
    }
    expect(await outputValue(isolated.privateSubnetIds)).toHaveLength(2);
    expect(await outputValue(isolated.publicSubnetIds)).toEqual([]);
  });

  it("with one NAT per AZ routes each private subnet through the NAT gateway of its own AZ", async () => {
    await settle();
    const nats = recorder.ofType("aws:ec2/natGateway:NatGateway");
    expect(nats.map((n) => n.name)).toEqual(["prod-nat-1", "prod-nat-2", "prod-nat-3"]);
    const publicSubnets = recorder
      .ofType("aws:ec2/subnet:Subnet")
      .filter((s) => s.name.startsWith("prod-public-"));
    expect(nats.map((nat) => nat.inputs.subnetId)).toEqual(publicSubnets.map((s) => s.id));
    for (let i = 0; i < 3; i++) {
      const table = recorder.get("aws:ec2/routeTable:RouteTable", `prod-private-${i + 1}`);
      expect(table.inputs.routes).toEqual([{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[i]?.id }]);
    }
    const isolatedTable = recorder.get("aws:ec2/routeTable:RouteTable", "prod-isolated");
    expect(isolatedTable.inputs.routes).toBeUndefined();
    expect(recorder.ofType("aws:ec2/route:Route")).toEqual([]);
  });

  it("empties the default security group", async () => {
    await settle();
    const sg = recorder.get("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "prod");
    expect(sg.inputs.ingress).toEqual([]);
    expect(sg.inputs.egress).toEqual([]);
  });
});

describe("VpcEndpoints", () => {
  it("attaches the S3 and DynamoDB gateway endpoints to every private route table", async () => {
    await settle();
    const privateTables = await outputValue(natted.privateRouteTableIds);
    expect(privateTables).toHaveLength(3);
    for (const service of ["s3", "dynamodb"]) {
      const gateway = recorder.get("aws:ec2/vpcEndpoint:VpcEndpoint", `prod-${service}`);
      expect(gateway.inputs).toMatchObject({
        vpcEndpointType: "Gateway",
        serviceName: `com.amazonaws.eu-west-1.${service}`,
        routeTableIds: privateTables,
      });
    }
    expect(await outputValue(endpoints.s3PrefixListId)).toMatch(/^pl-/);
  });

  it("creates interface endpoints with private DNS in the private subnets behind their own group", async () => {
    await settle();
    const subnets = await outputValue(natted.privateSubnetIds);
    const sg = await outputValue(endpoints.securityGroup.id);
    const interfaces = recorder
      .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
      .filter((e) => e.inputs.vpcEndpointType === "Interface");
    expect(
      interfaces.map((e) => String(e.inputs.serviceName).replace("com.amazonaws.eu-west-1.", "")).sort(),
    ).toEqual([...PLATFORM_INTERFACE_ENDPOINTS].sort());
    // DMS Serverless reaches Secrets Manager only through an endpoint (CHAP_Serverless.Limitations);
    // nothing in the VPC calls the others (Lambda and Glue run outside it), and each bills per AZ-hour
    expect(PLATFORM_INTERFACE_ENDPOINTS).toContain("secretsmanager");
    for (const unused of [
      "kms",
      "sts",
      "glue",
      "kinesis-firehose",
      "logs",
      "athena",
      "lakeformation",
      "rds",
    ]) {
      expect(PLATFORM_INTERFACE_ENDPOINTS).not.toContain(unused);
    }
    for (const e of interfaces) {
      expect(e.inputs).toMatchObject({ privateDnsEnabled: true, subnetIds: subnets, securityGroupIds: [sg] });
    }
  });
});

describe("WorkloadSecurityGroups", () => {
  it("never opens a CIDR range: every rule names a security group or the S3 prefix list", async () => {
    await settle();
    const rules = [
      ...recorder.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
      ...recorder.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"),
    ];
    expect(rules.length).toBe(workloadRules(5432).length);
    for (const r of rules) {
      expect(r.inputs.cidrIpv4).toBeUndefined();
      expect(r.inputs.cidrIpv6).toBeUndefined();
      expect(Boolean(r.inputs.referencedSecurityGroupId) !== Boolean(r.inputs.prefixListId)).toBe(true);
    }
    for (const g of recorder.ofType("aws:ec2/securityGroup:SecurityGroup")) {
      expect(g.inputs.ingress ?? []).toEqual([]);
      expect(g.inputs.egress ?? []).toEqual([]);
    }
  });

  it("lets only DMS reach the database, on 5432, and Glue workers reach each other on all TCP", async () => {
    await settle();
    const ids = await outputValue(groups.ids);
    const ingress = recorder.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    const intoDatabase = ingress.filter((r) => r.inputs.securityGroupId === ids.database);
    expect(
      intoDatabase.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort]),
    ).toEqual([[ids.dms, 5432, 5432]]);
    const glueSelf = ingress.filter((r) => r.inputs.securityGroupId === ids.glue);
    expect(
      glueSelf.map((r) => [
        r.inputs.referencedSecurityGroupId,
        r.inputs.ipProtocol,
        r.inputs.fromPort,
        r.inputs.toPort,
      ]),
    ).toEqual([[ids.glue, "tcp", 0, 65535]]);
  });

  it("lets Lambda out only to the interface endpoints and S3, on 443", async () => {
    await settle();
    const ids = await outputValue(groups.ids);
    const endpointSg = await outputValue(endpoints.securityGroup.id);
    const s3 = await outputValue(endpoints.s3PrefixListId);
    const lambdaOut = recorder
      .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
      .filter((r) => r.inputs.securityGroupId === ids.lambda)
      .map((r) => ({
        to: r.inputs.referencedSecurityGroupId ?? r.inputs.prefixListId,
        port: r.inputs.fromPort,
      }));
    expect(lambdaOut).toEqual([
      { to: endpointSg, port: 443 },
      { to: s3, port: 443 },
    ]);
    const intoEndpoints = recorder
      .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .filter((r) => r.inputs.securityGroupId === endpointSg)
      .map((r) => r.inputs.referencedSecurityGroupId)
      .sort();
    expect(intoEndpoints).toEqual([ids.dms, ids.lambda, ids.glue].sort());
  });
});

describe("VpcFlowLogs", () => {
  it("writes all traffic to a KMS-encrypted log group with retention, through a role scoped to that group", async () => {
    await settle();
    const group = recorder.get("aws:cloudwatch/logGroup:LogGroup", "flow-logs");
    expect(group.inputs).toMatchObject({
      name: "/lakehouse/prod/network/vpc-flow-logs",
      kmsKeyId: `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT_ID}:key/abc`,
      retentionInDays: 365,
    });
    expect(group.protect).toBe(true);
    const flowLog = recorder.get("aws:ec2/flowLog:FlowLog", "flow-logs");
    expect(flowLog.inputs).toMatchObject({
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: group.state.arn,
      vpcId: await outputValue(natted.vpcId),
    });
    const trust = policyOf(recorder.get("aws:iam/role:Role", "flow-logs").inputs.assumeRolePolicy);
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: "vpc-flow-logs.amazonaws.com" },
      Condition: {
        StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
        ArnLike: { "aws:SourceArn": `arn:aws:ec2:eu-west-1:${MOCK_ACCOUNT_ID}:vpc-flow-log/*` },
      },
    });
    const policy = policyOf(recorder.get("aws:iam/rolePolicy:RolePolicy", "flow-logs").inputs.policy);
    expect(policy.Statement[0]?.Resource).toEqual([group.state.arn, `${group.state.arn}:*`]);
  });
});
