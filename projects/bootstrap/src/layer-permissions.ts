import {
  attachedSourceLookups,
  ConfigError,
  INVOKE_CALLS,
  LAYERS,
  type Layer,
  stackFile,
} from "@lakehouse/contracts";
import type * as aws from "@pulumi/aws";
import LAYER_RESOURCES from "./layer-resources.json";

/**
 * Each layer's deploy role, derived from what the layer's plan contains (`layer-resources.json`,
 * written by `lakehouse plan --update-deploy-roles` and checked against every plan): the calls
 * that create, read, update and delete each resource type it plans (`packages/contracts/src/deploy-actions.json`, from
 * the CloudFormation registry handlers of AWS's resource schemas), granted
 * - on `"*"` for actions that accept only `"*"` (Service Authorization Reference);
 * - on the ARNs of the layer's own resources otherwise;
 * - by the platform's `layer` tag for services with generated ids (EC2, KMS keys, DMS).
 * The access proof of `lakehouse plan` shows each role can change every resource of its layer and
 * nothing of another layer, a CI role or the Pulumi state.
 */
export interface ArnParts {
  account: string;
  region: string;
  /** `lakehouse-<env>` */
  prefix: string;
  /** `lakehouse_<env>` (Glue names) */
  underscored: string;
  env: string;
  /** The permissions boundary every role a deploy role creates must carry. */
  boundaryArn: string;
}

type LayerResources = {
  types: string[];
  starOnly: string[];
  tagScoped: string[];
  grants: { actions: string[]; resources: string[] }[];
};
const RESOURCES = LAYER_RESOURCES as unknown as Record<Layer, LayerResources>;

/** A layer missing from the file gets no rights; the access proof then names what it lacks. */
function resourcesOf(layer: Layer): LayerResources {
  return RESOURCES[layer] ?? { types: [], starOnly: [], tagScoped: [], grants: [] };
}

const fill = (pattern: string, p: ArnParts) =>
  pattern
    .replaceAll("{account}", p.account)
    .replaceAll("{region}", p.region)
    .replaceAll("{prefix}", p.prefix)
    .replaceAll("{underscored}", p.underscored)
    .replaceAll("{env}", p.env);

/** IAM calls that create a role or set its boundary: only with the workload boundary. */
const BOUNDED_IAM = ["iam:CreateRole", "iam:PutRolePermissionsBoundary"];

/** The deploy role's statements for one layer (state access is added by the caller). */
export function layerDeployStatements(layer: Layer, parts: ArnParts): aws.iam.PolicyStatement[] {
  const own = resourcesOf(layer);
  const statements: aws.iam.PolicyStatement[] = [];
  if (own.starOnly.length)
    statements.push({ Sid: "AcceptOnlyStar", Effect: "Allow", Action: own.starOnly, Resource: "*" });
  const byService = new Map<string, string[]>();
  for (const a of own.tagScoped)
    byService.set(a.split(":")[0] as string, [...(byService.get(a.split(":")[0] as string) ?? []), a]);
  for (const [service, list] of byService) {
    const id = service.toUpperCase();
    // Creating: the request carries this layer's tag. Changing: the resource already has it.
    statements.push(
      {
        Sid: `Create${id}`,
        Effect: "Allow",
        Action: list,
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestTag/layer": layer } },
      },
      {
        Sid: `Change${id}`,
        Effect: "Allow",
        Action: list,
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceTag/layer": layer } },
      },
    );
  }
  own.grants.forEach((g, i) => {
    const resources = g.resources.map((r) => fill(r, parts));
    const unbounded = g.actions.filter((a) => !BOUNDED_IAM.includes(a));
    const bounded = g.actions.filter((a) => BOUNDED_IAM.includes(a));
    if (unbounded.length)
      statements.push({ Sid: `Manage${i + 1}`, Effect: "Allow", Action: unbounded, Resource: resources });
    if (bounded.length) {
      statements.push({
        Sid: `CreateRolesWithinBoundary${i + 1}`,
        Effect: "Allow",
        Action: bounded,
        Resource: resources,
        Condition: { StringEquals: { "iam:PermissionsBoundary": parts.boundaryArn } },
      });
    }
  });
  statements.push(...otherLayersKeys(layer, parts), {
    Sid: "Read",
    Effect: "Allow",
    Action: READ_ACTIONS,
    Resource: "*",
  });
  statements.push({
    // No deploy role changes, passes or assumes a CI role (or itself), nor the boundary policy.
    // Reading a role stays: the session-context data source reads the caller's own role
    // (iam:GetRole; terraform-provider-aws iam/session_context_data_source.go).
    Sid: "NeverTheCiRolesOrTheBoundary",
    Effect: "Deny",
    NotAction: ["iam:GetRole"],
    Resource: [
      ...LAYERS.flatMap((l) => [
        `arn:aws:iam::${parts.account}:role/${parts.prefix}-${l}-deploy`,
        `arn:aws:iam::${parts.account}:role/${parts.prefix}-${l}-preview`,
      ]),
      parts.boundaryArn,
    ],
  });
  statements.push({
    Sid: "NeverDropABoundary",
    Effect: "Deny",
    Action: ["iam:DeleteRolePermissionsBoundary"],
    Resource: `arn:aws:iam::${parts.account}:role/*`,
  });
  return statements;
}

/**
 * Resources encrypted with lake-storage's data key (tables, streams, queues, secrets, the
 * catalog): describe the key and let the service take a grant, only through those services.
 */
function otherLayersKeys(layer: Layer, parts: ArnParts): aws.iam.PolicyStatement[] {
  if (layer === "network" || layer === "lake-storage") return [];
  const services = [
    "dynamodb",
    "firehose",
    "sqs",
    "rds",
    "secretsmanager",
    "dms",
    "glue",
    "s3",
    "lambda",
    "athena",
    "appflow",
  ].map((s) => `${s}.${parts.region}.amazonaws.com`);
  return [
    {
      Sid: "DescribeTheDataKey",
      Effect: "Allow",
      Action: ["kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/layer": "lake-storage" } },
    },
    {
      Sid: "UseTheDataKeyThroughServices",
      Effect: "Allow",
      // what the key policy lets the account do through these services (KEY_USAGE_ACTIONS), and grants
      Action: [
        "kms:CreateGrant",
        "kms:Decrypt",
        "kms:Encrypt",
        "kms:GenerateDataKey",
        "kms:GenerateDataKeyWithoutPlaintext",
        "kms:GenerateDataKeyPair",
        "kms:GenerateDataKeyPairWithoutPlaintext",
        "kms:ReEncryptFrom",
        "kms:ReEncryptTo",
      ],
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/layer": "lake-storage", "kms:ViaService": services } },
    },
  ];
}

/** Read-only calls every deploy makes to refresh and diff; they change nothing. */
export const READ_ACTIONS = [
  "kms:ListAliases",
  "lakeformation:GetDataLakeSettings",
  "lakeformation:ListPermissions",
  "lakeformation:GetLFTag",
  "lakeformation:ListLFTags",
  "lakeformation:DescribeResource",
  "lakeformation:GetResourceLFTags",
];

/** An attached-source config value as a stack file holds it: a YAML object, or its JSON text. */
function configObject(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const parsed = typeof value === "string" ? JSON.parse(value) : value;
  return typeof parsed === "object" && parsed !== null && Object.keys(parsed).length > 0
    ? (parsed as Record<string, unknown>)
    : undefined;
}

/**
 * The ingestion deploy role's reads of the sources its stack file attaches: every preview and `up`
 * looks them up with the deployer's rights (attached-sources.ts), so they are granted from the
 * lookups' own model (`attachedSourceLookups`, contracts invoke-calls.ts), on exactly the named
 * table, cluster and secret, and by type for names only an answer gives (`*`).
 */
export function attachedSourceStatements(
  ingestionConfig: Record<string, unknown>,
  parts: ArnParts,
): aws.iam.PolicyStatement[] {
  const file = stackFile("ingestion", parts.env);
  const table = configObject(ingestionConfig["lakehouse-ingestion:attachedSourceTable"]);
  const cluster = configObject(ingestionConfig["lakehouse-ingestion:attachedAuroraCluster"]);
  const problems = [
    ...(table && typeof table.table !== "string"
      ? ["lakehouse-ingestion:attachedSourceTable: no `table`"]
      : []),
    ...(cluster && (typeof cluster.clusterIdentifier !== "string" || typeof cluster.secretArn !== "string")
      ? ["lakehouse-ingestion:attachedAuroraCluster: no `clusterIdentifier` or `secretArn`"]
      : []),
  ];
  if (problems.length) throw new ConfigError(file, problems);
  const lookups = attachedSourceLookups({
    ...(table ? { attachedSourceTable: table as { table: string } } : {}),
    ...(cluster
      ? { attachedAuroraCluster: cluster as { clusterIdentifier: string; secretArn: string } }
      : {}),
  });
  const ctx = {
    account: parts.account,
    region: parts.region,
    callerRoleArn: `arn:aws:iam::${parts.account}:role/${parts.prefix}-ingestion-deploy`,
  };
  const byAction = new Map<string, Set<string>>();
  for (const l of lookups)
    for (const c of INVOKE_CALLS[l.token]?.calls(l.args, {}, ctx) ?? [])
      byAction.set(c.action, (byAction.get(c.action) ?? new Set()).add(c.resource));
  if (byAction.size === 0) return [];
  const groups = new Map<string, string[]>();
  for (const [action, resources] of byAction) {
    const key = [...resources].sort().join(" ");
    groups.set(key, [...(groups.get(key) ?? []), action]);
  }
  return [...groups.entries()].map(([key, actions], i) => ({
    Sid: `ReadAttachedSources${i + 1}`,
    Effect: "Allow",
    Action: actions.sort(),
    Resource: key === "*" ? "*" : key.split(" "),
  }));
}
