import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tierCidr } from "./cidr";

export type NatStrategy = "none" | "single" | "one-per-az";

export interface PrivateVpcArgs {
  /** IPv4 CIDR block, /16 to /20. */
  cidrBlock: string;
  /** Availability zone names, one subnet per tier in each (2 to 6). */
  availabilityZones: string[];
  /**
   * NAT for the private subnets: `none` keeps them off the internet entirely (VPC endpoints only),
   * `single` shares one gateway, `one-per-az` survives the loss of a zone.
   * @default "none"
   */
  natGateways?: NatStrategy;
}

/**
 * A VPC built from plain EC2 resources (so every route and association is visible to tests and
 * the policy pack): private subnets for compute with one route table per AZ, isolated subnets
 * for databases with no route out, and public subnets + internet gateway only when NAT is on.
 * The default security group is emptied so nothing can use it by accident.
 *
 * Not `awsx.ec2.Vpc`: that is a remote component (its constructor passes `remote: true`; @pulumi/awsx
 * ec2/vpc.js), so its subnets, routes and associations are created by the awsx plugin and never
 * reach the mocks, the offline plan or the policy pack; and it creates an internet gateway
 * unconditionally, even for isolated-only layouts (pulumi/pulumi-awsx awsx/ec2/vpc.ts).
 */
export class PrivateVpc extends pulumi.ComponentResource {
  readonly vpc: aws.ec2.Vpc;
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  readonly isolatedSubnetIds: pulumi.Output<string[]>;
  readonly publicSubnetIds: pulumi.Output<string[]>;
  readonly privateRouteTables: aws.ec2.RouteTable[];
  readonly privateRouteTableIds: pulumi.Output<string[]>;
  readonly isolatedRouteTable: aws.ec2.RouteTable;

  constructor(name: string, args: PrivateVpcArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:network:PrivateVpc", name, {}, opts);
    const zones = args.availabilityZones;
    if (zones.length < 2 || zones.length > 6) {
      throw new Error(`PrivateVpc "${name}": needs 2 to 6 availability zones, got ${zones.length}`);
    }
    const nat = args.natGateways ?? "none";
    const child = { parent: this };
    const named = (suffix: string) => ({ Name: `${name}-${suffix}` });

    this.vpc = new aws.ec2.Vpc(
      name,
      { cidrBlock: args.cidrBlock, enableDnsSupport: true, enableDnsHostnames: true, tags: named("vpc") },
      child,
    );
    this.vpcId = this.vpc.id;
    new aws.ec2.DefaultSecurityGroup(
      name,
      { vpcId: this.vpc.id, ingress: [], egress: [], tags: named("default") },
      child,
    );

    const subnet = (tier: "private" | "isolated" | "public", az: string, i: number) =>
      new aws.ec2.Subnet(
        `${name}-${tier}-${i + 1}`,
        {
          vpcId: this.vpc.id,
          cidrBlock: tierCidr(args.cidrBlock, tier, i),
          availabilityZone: az,
          mapPublicIpOnLaunch: false,
          tags: { ...named(`${tier}-${az}`), tier },
        },
        child,
      );

    const privateSubnets = zones.map((az, i) => subnet("private", az, i));
    const isolatedSubnets = zones.map((az, i) => subnet("isolated", az, i));

    let natGatewayIds: pulumi.Output<string>[] = [];
    let publicSubnets: aws.ec2.Subnet[] = [];
    if (nat !== "none") {
      const igw = new aws.ec2.InternetGateway(name, { vpcId: this.vpc.id, tags: named("igw") }, child);
      publicSubnets = zones.map((az, i) => subnet("public", az, i));
      const publicRoutes = new aws.ec2.RouteTable(
        `${name}-public`,
        {
          vpcId: this.vpc.id,
          routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
          tags: named("public"),
        },
        child,
      );
      publicSubnets.forEach((s, i) => {
        new aws.ec2.RouteTableAssociation(
          `${name}-public-${i + 1}`,
          { subnetId: s.id, routeTableId: publicRoutes.id },
          child,
        );
      });
      const natCount = nat === "single" ? 1 : zones.length;
      natGatewayIds = publicSubnets.slice(0, natCount).map((s, i) => {
        const eip = new aws.ec2.Eip(
          `${name}-nat-${i + 1}`,
          { domain: "vpc", tags: named(`nat-${i + 1}`) },
          child,
        );
        return new aws.ec2.NatGateway(
          `${name}-nat-${i + 1}`,
          { subnetId: s.id, allocationId: eip.id, connectivityType: "public", tags: named(`nat-${i + 1}`) },
          { parent: this, dependsOn: [igw] },
        ).id;
      });
    }

    this.privateRouteTables = privateSubnets.map((s, i) => {
      const natId =
        natGatewayIds.length === 0 ? undefined : natGatewayIds[Math.min(i, natGatewayIds.length - 1)];
      const table = new aws.ec2.RouteTable(
        `${name}-private-${i + 1}`,
        {
          vpcId: this.vpc.id,
          // Left unset without NAT: an explicit [] would make the provider fight the endpoint routes.
          ...(natId === undefined ? {} : { routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: natId }] }),
          tags: named(`private-${zones[i]}`),
        },
        child,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${i + 1}`,
        { subnetId: s.id, routeTableId: table.id },
        child,
      );
      return table;
    });
    // Isolated subnets share one table with only the implicit local route: no way out of the VPC.
    this.isolatedRouteTable = new aws.ec2.RouteTable(
      `${name}-isolated`,
      { vpcId: this.vpc.id, tags: named("isolated") },
      child,
    );
    isolatedSubnets.forEach((s, i) => {
      new aws.ec2.RouteTableAssociation(
        `${name}-isolated-${i + 1}`,
        { subnetId: s.id, routeTableId: this.isolatedRouteTable.id },
        child,
      );
    });

    this.privateSubnetIds = pulumi.all(privateSubnets.map((s) => s.id));
    this.isolatedSubnetIds = pulumi.all(isolatedSubnets.map((s) => s.id));
    this.publicSubnetIds = pulumi.all(publicSubnets.map((s) => s.id));
    this.privateRouteTableIds = pulumi.all(this.privateRouteTables.map((t) => t.id));
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
      privateRouteTableIds: this.privateRouteTableIds,
    });
  }
}
