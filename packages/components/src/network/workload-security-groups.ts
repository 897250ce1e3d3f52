import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export const WORKLOADS = ["database", "dms", "lambda", "glue"] as const;
export type Workload = (typeof WORKLOADS)[number];

export interface WorkloadSecurityGroupsArgs {
  vpcId: pulumi.Input<string>;
  /** Security group of the interface endpoints: workloads reach AWS APIs through it only. */
  endpointSecurityGroupId: pulumi.Input<string>;
  /** Prefix list of the S3 gateway endpoint (egress to S3 without a CIDR). */
  s3PrefixListId: pulumi.Input<string>;
  /** Port the source database listens on. @default 5432 */
  databasePort?: number;
}

/** One rule as data, so tests and docs can read the matrix without AWS. */
export interface WorkloadRule {
  /** The group the rule belongs to. */
  group: Workload | "endpoints";
  direction: "ingress" | "egress";
  /** The peer: another group, or the S3 prefix list. */
  peer: Workload | "endpoints" | "s3";
  fromPort: number;
  toPort: number;
  description: string;
}

/**
 * The traffic matrix: every rule names a peer group or the S3 prefix list, never a CIDR.
 * Glue requires a self-referencing rule for all TCP between the workers of a job.
 */
export function workloadRules(databasePort: number): WorkloadRule[] {
  const https = (group: Workload, peer: "endpoints" | "s3", what: string): WorkloadRule => ({
    group,
    direction: "egress",
    peer,
    fromPort: 443,
    toPort: 443,
    description: `${group} to ${what} over HTTPS`,
  });
  return [
    {
      group: "database",
      direction: "ingress",
      peer: "dms",
      fromPort: databasePort,
      toPort: databasePort,
      description: "DMS replication reads the source database",
    },
    {
      group: "dms",
      direction: "egress",
      peer: "database",
      fromPort: databasePort,
      toPort: databasePort,
      description: "DMS replication reads the source database",
    },
    {
      group: "glue",
      direction: "ingress",
      peer: "glue",
      fromPort: 0,
      toPort: 65535,
      description: "Glue workers talk to each other (required by Glue)",
    },
    {
      group: "glue",
      direction: "egress",
      peer: "glue",
      fromPort: 0,
      toPort: 65535,
      description: "Glue workers talk to each other (required by Glue)",
    },
    ...(["dms", "lambda", "glue"] as const).flatMap((w) => [
      https(w, "endpoints", "AWS APIs through interface endpoints"),
      https(w, "s3", "S3 through the gateway endpoint"),
      {
        group: "endpoints" as const,
        direction: "ingress" as const,
        peer: w,
        fromPort: 443,
        toPort: 443,
        description: `${w} calls AWS APIs through interface endpoints`,
      },
    ]),
  ];
}

/**
 * Security groups per workload (database, DMS, Lambda, Glue) whose rules reference each other,
 * the interface-endpoint group and the S3 prefix list; no CIDR ranges, nothing from 0.0.0.0/0.
 * Groups carry no inline rules, so the provider removes AWS's default allow-all egress: a
 * workload may only send what the matrix allows.
 */
export class WorkloadSecurityGroups extends pulumi.ComponentResource {
  readonly groups: Record<Workload, aws.ec2.SecurityGroup>;
  readonly ids: pulumi.Output<Record<Workload, string>>;

  constructor(name: string, args: WorkloadSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:network:WorkloadSecurityGroups", name, {}, opts);
    const child = { parent: this };
    const groups = {} as Record<Workload, aws.ec2.SecurityGroup>;
    for (const w of WORKLOADS) {
      groups[w] = new aws.ec2.SecurityGroup(
        `${name}-${w}`,
        {
          vpcId: args.vpcId,
          description: `lakehouse ${w} workloads`,
          tags: { Name: `${name}-${w}`, workload: w },
        },
        child,
      );
    }
    this.groups = groups;
    const groupId = (g: Workload | "endpoints") =>
      g === "endpoints" ? pulumi.output(args.endpointSecurityGroupId) : groups[g].id;

    for (const rule of workloadRules(args.databasePort ?? 5432)) {
      const peer =
        rule.peer === "s3"
          ? { prefixListId: args.s3PrefixListId }
          : { referencedSecurityGroupId: groupId(rule.peer) };
      const ruleArgs = {
        securityGroupId: groupId(rule.group),
        ipProtocol: "tcp",
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        description: rule.description,
        ...peer,
      };
      const ruleName = `${name}-${rule.group}-${rule.direction}-${rule.peer}-${rule.fromPort}`;
      if (rule.direction === "ingress") new aws.vpc.SecurityGroupIngressRule(ruleName, ruleArgs, child);
      else new aws.vpc.SecurityGroupEgressRule(ruleName, ruleArgs, child);
    }
    this.ids = pulumi.output({
      database: groups.database.id,
      dms: groups.dms.id,
      lambda: groups.lambda.id,
      glue: groups.glue.id,
    });
    this.registerOutputs({ ids: this.ids });
  }
}
