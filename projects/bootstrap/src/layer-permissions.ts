import { LAKE_FORMATION_ADMIN_ACTIONS, type Layer } from "@lakehouse/contracts";
import type * as aws from "@pulumi/aws";

/**
 * What each layer's deploy role may change, scoped to that layer's resources as far as IAM allows:
 * by name (every physical name starts with `lakehouse-<env>` or, for Glue, `lakehouse_<env>`)
 * where the service puts names in ARNs, and by the platform's `layer` tag where it does not
 * (EC2 ids, KMS key ids). Reads (Describe/Get/List) are not scoped: refresh needs them and
 * they change nothing.
 */
export interface LayerScope {
  /** Services whose resources carry the name in their ARN: `<service>:*` on these ARN patterns. */
  named: { actions: string[]; resources: (p: ArnParts) => string[] }[];
  /** Services addressed by id: `<service>:*` only on resources tagged (or created with) this layer's tag. */
  tagged: string[];
}

export interface ArnParts {
  account: string;
  region: string;
  /** `lakehouse-<env>` */
  prefix: string;
  /** `lakehouse_<env>` (Glue and Athena names cannot contain dashes everywhere) */
  underscored: string;
}

const iamRoles = (p: ArnParts) => [
  `arn:aws:iam::${p.account}:role/${p.prefix}-*`,
  `arn:aws:iam::${p.account}:policy/${p.prefix}-*`,
];
const logGroups = (p: ArnParts) => [
  `arn:aws:logs:${p.region}:${p.account}:log-group:${p.prefix}*`,
  `arn:aws:logs:${p.region}:${p.account}:log-group:/aws/*/${p.prefix}*`,
];
const glueCatalog = (p: ArnParts) => [
  `arn:aws:glue:${p.region}:${p.account}:catalog`,
  `arn:aws:glue:${p.region}:${p.account}:database/${p.underscored}_*`,
  `arn:aws:glue:${p.region}:${p.account}:table/${p.underscored}_*/*`,
];

export const LAYER_SCOPES: { [L in Layer]: LayerScope } = {
  network: {
    named: [{ actions: ["logs:*"], resources: logGroups }],
    tagged: ["ec2"],
  },
  "lake-storage": {
    named: [
      { actions: ["s3:*"], resources: (p) => [`arn:aws:s3:::${p.prefix}-*`] },
      { actions: ["glue:*"], resources: glueCatalog },
      { actions: ["iam:*"], resources: iamRoles },
      // The stack's alarm topic (lakehouse-<env>-alarms).
      { actions: ["sns:*"], resources: (p) => [`arn:aws:sns:${p.region}:${p.account}:${p.prefix}-*`] },
      // Lake Formation actions support no resource-level permissions: "*" is the only resource they accept.
      { actions: LAKE_FORMATION_ADMIN_ACTIONS, resources: () => ["*"] },
    ],
    tagged: ["kms"],
  },
  ingestion: {
    named: [
      {
        actions: ["dynamodb:*"],
        resources: (p) => [`arn:aws:dynamodb:${p.region}:${p.account}:table/${p.prefix}-*`],
      },
      {
        actions: ["lambda:*"],
        resources: (p) => [
          `arn:aws:lambda:${p.region}:${p.account}:function:${p.prefix}-*`,
          `arn:aws:lambda:${p.region}:${p.account}:event-source-mapping:*`,
        ],
      },
      {
        actions: ["firehose:*"],
        resources: (p) => [`arn:aws:firehose:${p.region}:${p.account}:deliverystream/${p.prefix}-*`],
      },
      { actions: ["sqs:*"], resources: (p) => [`arn:aws:sqs:${p.region}:${p.account}:${p.prefix}-*`] },
      { actions: ["rds:*"], resources: (p) => [`arn:aws:rds:${p.region}:${p.account}:*:${p.prefix}-*`] },
      { actions: ["dms:*"], resources: (p) => [`arn:aws:dms:${p.region}:${p.account}:*`] },
      {
        actions: ["secretsmanager:*"],
        resources: (p) => [`arn:aws:secretsmanager:${p.region}:${p.account}:secret:${p.prefix}-*`],
      },
      {
        actions: ["appflow:*"],
        resources: (p) => [`arn:aws:appflow:${p.region}:${p.account}:*/${p.prefix}-*`],
      },
      { actions: ["glue:*"], resources: glueCatalog },
      { actions: ["iam:*"], resources: iamRoles },
      { actions: ["logs:*"], resources: logGroups },
    ],
    tagged: ["kms"],
  },
  transformation: {
    named: [
      {
        actions: ["glue:*"],
        resources: (p) => [
          ...glueCatalog(p),
          `arn:aws:glue:${p.region}:${p.account}:crawler/${p.prefix}-*`,
          `arn:aws:glue:${p.region}:${p.account}:job/${p.prefix}-*`,
          `arn:aws:glue:${p.region}:${p.account}:workflow/${p.prefix}-*`,
          `arn:aws:glue:${p.region}:${p.account}:trigger/${p.prefix}-*`,
        ],
      },
      {
        actions: ["s3:PutObject", "s3:DeleteObject", "s3:GetObject"],
        resources: (p) => [`arn:aws:s3:::${p.prefix}-assets-*/*`],
      },
      { actions: ["sns:*"], resources: (p) => [`arn:aws:sns:${p.region}:${p.account}:${p.prefix}-*`] },
      {
        actions: ["events:*"],
        resources: (p) => [`arn:aws:events:${p.region}:${p.account}:rule/${p.prefix}-*`],
      },
      { actions: ["iam:*"], resources: iamRoles },
      { actions: ["logs:*"], resources: logGroups },
    ],
    tagged: [],
  },
  analytics: {
    named: [
      {
        actions: ["athena:*"],
        resources: (p) => [`arn:aws:athena:${p.region}:${p.account}:workgroup/${p.prefix}-*`],
      },
      {
        actions: ["quicksight:*"],
        resources: (p) => [`arn:aws:quicksight:${p.region}:${p.account}:*/${p.prefix}-*`],
      },
      { actions: ["iam:*"], resources: iamRoles },
    ],
    tagged: [],
  },
};

/** Read-only actions every deploy needs to refresh and diff; they change nothing. */
export const READ_ACTIONS = [
  "ec2:Describe*",
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListResourceTags",
  "kms:ListAliases",
  "sts:GetCallerIdentity",
  "iam:GetRole",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
  "lakeformation:GetDataLakeSettings",
  "lakeformation:ListPermissions",
  "lakeformation:GetLFTag",
  "lakeformation:ListLFTags",
  "lakeformation:DescribeResource",
  "lakeformation:GetResourceLFTags",
  "glue:GetDatabases",
  "glue:GetSecurityConfigurations",
  "athena:ListWorkGroups",
  "rds:DescribeDBEngineVersions",
  "dms:Describe*",
];

/** The deploy role's service statements for one layer. */
export function layerDeployStatements(layer: Layer, parts: ArnParts): aws.iam.PolicyStatement[] {
  const scope = LAYER_SCOPES[layer];
  const statements: aws.iam.PolicyStatement[] = scope.named.map((n, i) => ({
    Sid: `Manage${i}`,
    Effect: "Allow",
    Action: n.actions,
    Resource: n.resources(parts),
  }));
  for (const service of scope.tagged) {
    const id = service.toUpperCase();
    // Creating: the request must carry this layer's tag. Changing: the resource must already have it.
    statements.push(
      {
        Sid: `Create${id}`,
        Effect: "Allow",
        Action: [`${service}:*`],
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestTag/layer": layer } },
      },
      {
        Sid: `Change${id}`,
        Effect: "Allow",
        Action: [`${service}:*`],
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceTag/layer": layer } },
      },
    );
  }
  statements.push(
    { Sid: "Read", Effect: "Allow", Action: READ_ACTIONS, Resource: "*" },
    {
      Sid: "PassOwnRoles",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: [`arn:aws:iam::${parts.account}:role/${parts.prefix}-*`],
    },
  );
  return statements;
}
