import { workloadBoundaryName } from "@lakehouse/components";
import { LAYERS, type Layer, projectName } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ArnParts, attachedSourceStatements, layerDeployStatements } from "./layer-permissions";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

export interface CiRolesArgs {
  namePrefix: string;
  accountId: string;
  region: string;
  /** The stack (and GitHub environment) these roles deploy, e.g. dev. */
  stack: string;
  /** owner/name of the repository whose workflows may assume the roles. */
  githubRepository: string;
  oidcProviderArn: pulumi.Input<string>;
  stateBucketArn: pulumi.Input<string>;
  stateKeyArn: pulumi.Input<string>;
  secretsKeyArn: pulumi.Input<string>;
  /**
   * The ingestion stack's config (its stack file): the ingestion deploy role reads the sources it
   * attaches (`attachedSourceStatements`). @default {} (it creates its sources)
   */
  ingestionConfig?: Record<string, unknown>;
}

export interface LayerCiRoles {
  preview: aws.iam.Role;
  deploy: aws.iam.Role;
}

/** Trust policy for GitHub Actions OIDC tokens whose subject is exactly `subject`. */
export function githubTrustPolicy(
  oidcProviderArn: pulumi.Input<string>,
  subject: string,
): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com",
            [`${GITHUB_OIDC_HOST}:sub`]: subject,
          },
        },
      },
    ],
  });
}

/**
 * For each layer, a role pair for GitHub Actions: `preview` (pull requests; read-only, may take
 * the state lock) and `deploy` (the stack's GitHub environment; changes only that layer's
 * resources and state).
 */
export class CiRoles extends pulumi.ComponentResource {
  readonly roles: { [L in Layer]: LayerCiRoles };
  /** The permissions boundary every role a deploy role creates must carry. */
  readonly boundary: aws.iam.Policy;

  constructor(name: string, args: CiRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:bootstrap:CiRoles", name, {}, opts);
    this.boundary = workloadBoundary(args, this);
    const parts: ArnParts = {
      account: args.accountId,
      region: args.region,
      prefix: args.namePrefix,
      underscored: args.namePrefix.replace(/-/g, "_"),
      env: args.namePrefix.replace(/^lakehouse-/, ""),
      boundaryArn: workloadBoundaryArn(args.accountId, args.namePrefix),
    };
    const roles = {} as { [L in Layer]: LayerCiRoles };
    for (const layer of LAYERS) {
      roles[layer] = { preview: this.previewRole(layer, args), deploy: this.deployRole(layer, args, parts) };
    }
    this.roles = roles;
    this.registerOutputs({});
  }

  private previewRole(layer: Layer, args: CiRolesArgs): aws.iam.Role {
    const role = new aws.iam.Role(
      `${layer}-preview`,
      {
        name: `${args.namePrefix}-${layer}-preview`,
        description: `Pull-request previews of ${projectName(layer)} (read-only)`,
        maxSessionDuration: 3600,
        assumeRolePolicy: githubTrustPolicy(
          args.oidcProviderArn,
          `repo:${args.githubRepository}:pull_request`,
        ),
      },
      { parent: this },
    );
    // Refresh reads every resource type the layer has; AWS's ReadOnlyAccess covers that.
    new aws.iam.RolePolicyAttachment(
      `${layer}-preview-readonly`,
      {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${layer}-preview-state`,
      {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            ...stateStatements(args, layer, false),
            // ReadOnlyAccess would also read the data itself; a preview never needs to.
            {
              Sid: "DenyDataReads",
              Effect: "Deny",
              Action: [
                "s3:GetObject",
                "s3:GetObjectVersion",
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:Query",
                "dynamodb:Scan",
                "dynamodb:GetRecords",
                "secretsmanager:GetSecretValue",
                "athena:GetQueryResults",
              ],
              NotResource: [args.stateBucketArn, pulumi.interpolate`${args.stateBucketArn}/*`],
            },
          ],
        }),
      },
      { parent: this },
    );
    return role;
  }

  private deployRole(layer: Layer, args: CiRolesArgs, parts: ArnParts): aws.iam.Role {
    const role = new aws.iam.Role(
      `${layer}-deploy`,
      {
        name: `${args.namePrefix}-${layer}-deploy`,
        description: `Deploys ${projectName(layer)} stack ${args.stack} from the ${args.stack} GitHub environment`,
        maxSessionDuration: 3600,
        assumeRolePolicy: githubTrustPolicy(
          args.oidcProviderArn,
          `repo:${args.githubRepository}:environment:${args.stack}`,
        ),
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${layer}-deploy-permissions`,
      {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            ...stateStatements(args, layer, true),
            ...layerDeployStatements(layer, parts),
            ...(layer === "ingestion" ? attachedSourceStatements(args.ingestionConfig ?? {}, parts) : []),
          ],
        }),
      },
      // a deploy creates roles only with the boundary: it must exist first
      { parent: this, dependsOn: [this.boundary] },
    );
    return role;
  }
}

/**
 * State access in the S3 backend's layout (`.pulumi/stacks/<project>/`, `.pulumi/locks/<org>/<project>/`,
 * `.pulumi/history/<project>/`, `.pulumi/backups/<project>/`): everyone reads all stacks (stack
 * references), takes locks of its own project; only deploy roles write their own project's state.
 */
function stateStatements(args: CiRolesArgs, layer: Layer, write: boolean): aws.iam.PolicyStatement[] {
  const project = projectName(layer);
  const objects = (path: string) => pulumi.interpolate`${args.stateBucketArn}/.pulumi/${path}`;
  const own = [
    objects(`locks/*/${project}/*`),
    ...(write
      ? [objects(`stacks/${project}/*`), objects(`history/${project}/*`), objects(`backups/${project}/*`)]
      : []),
  ];
  return [
    {
      Sid: "ListState",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:GetBucketLocation"],
      Resource: args.stateBucketArn,
    },
    {
      Sid: "ReadState",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: objects("*"),
    },
    { Sid: "WriteOwnState", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: own },
    {
      Sid: "StateKeyThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: args.stateKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${args.region}.amazonaws.com` } },
    },
    {
      Sid: "PulumiSecrets",
      Effect: "Allow",
      Action: write ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
      Resource: args.secretsKeyArn,
    },
  ];
}

/** `arn:aws:iam::<account>:policy/lakehouse-<env>-workload-boundary` */
export function workloadBoundaryArn(accountId: string, namePrefix: string): string {
  return `arn:aws:iam::${accountId}:policy/${workloadBoundaryName(namePrefix)}`;
}

/**
 * The permissions boundary of every workload role (every role a layer creates; a stack
 * transformation of each layer attaches it, and deploy roles may create roles only with it). A
 * boundary grants nothing: it caps what a role's own policies can give. Here it keeps every
 * workload role away from IAM, the Pulumi state and the CI roles, so a deploy role cannot create
 * a role more powerful than itself.
 */
function workloadBoundary(args: CiRolesArgs, parent: pulumi.Resource): aws.iam.Policy {
  const ciRoles = `arn:aws:iam::${args.accountId}:role/${args.namePrefix}-*-deploy`;
  return new aws.iam.Policy(
    "workload-boundary",
    {
      name: workloadBoundaryName(args.namePrefix),
      description: `Permissions boundary of every lakehouse ${args.stack} workload role`,
      tags: { purpose: "permissions-boundary" },
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "CeilingOfWorkloads", Effect: "Allow", Action: "*", Resource: "*" },
          {
            Sid: "NoIdentityChanges",
            Effect: "Deny",
            Action: ["iam:*", "organizations:*", "account:*"],
            Resource: "*",
          },
          {
            Sid: "NoPulumiState",
            Effect: "Deny",
            Action: "s3:*",
            Resource: [args.stateBucketArn, pulumi.interpolate`${args.stateBucketArn}/*`],
          },
          {
            Sid: "NoCiRoles",
            Effect: "Deny",
            Action: "sts:*",
            Resource: [ciRoles, `arn:aws:iam::${args.accountId}:role/${args.namePrefix}-*-preview`],
          },
        ],
      }),
    },
    { parent },
  );
}
