import { resolve } from "node:path";
import { LAYERS, parseTopology, placementOf, useTopology } from "@lakehouse/contracts";
import { policyOf, readStackConfig, runProgram } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";
import { program } from "../src/program";

const repoRoot = resolve(__dirname, "../../..");

async function bootstrap(stack: "dev" | "prod", override: Record<string, string> = {}) {
  const { config, secretKeys } = readStackConfig(repoRoot, "bootstrap", stack);
  return runProgram(program, {
    project: "lakehouse-bootstrap",
    stack,
    config: { ...config, ...override },
    secretKeys,
  });
}

type Statement = {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  Resource?: string | string[];
  NotResource?: string[];
  Condition?: Record<string, Record<string, string>>;
};
const statements = (policy: unknown) => policyOf(policy).Statement as Statement[];
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("bootstrap state backend", () => {
  it("encrypts the state bucket with its own rotating KMS key, versions it and blocks public access", async () => {
    const { recorder } = await bootstrap("dev");
    const stateKey = recorder.get("aws:kms/key:Key", "pulumi-state-key");
    expect(stateKey.inputs.enableKeyRotation).toBe(true);
    const sse = recorder.get(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "pulumi-state",
    );
    const rule = (sse.inputs.rules as Record<string, Record<string, string>>[])[0];
    expect(rule?.applyServerSideEncryptionByDefault).toEqual({
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: stateKey.state.arn,
    });
    expect(
      recorder.get("aws:s3/bucketVersioning:BucketVersioning", "pulumi-state").inputs.versioningConfiguration,
    ).toEqual({ status: "Enabled" });
    const block = recorder.get(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "pulumi-state",
    ).inputs;
    expect([
      block.blockPublicAcls,
      block.blockPublicPolicy,
      block.ignorePublicAcls,
      block.restrictPublicBuckets,
    ]).toEqual([true, true, true, true]);
    expect(recorder.get("aws:s3/bucketLogging:BucketLogging", "pulumi-state").inputs.targetBucket).toBe(
      "lakehouse-dev-pulumi-state-logs-123456789012",
    );
  });

  it("denies every request to the state bucket that does not use TLS, and uploads with another key", async () => {
    const { recorder } = await bootstrap("dev");
    const policy = recorder.get("aws:s3/bucketPolicy:BucketPolicy", "pulumi-state").inputs.policy;
    expect(statements(policy).find((s) => s.Sid === "DenyInsecureTransport")).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [
        "arn:aws:s3:::lakehouse-dev-pulumi-state-123456789012",
        "arn:aws:s3:::lakehouse-dev-pulumi-state-123456789012/*",
      ],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const otherKeys = statements(policy).find((s) => s.Sid === "DenyOtherKmsKeys");
    const stateKeyArn = recorder.get("aws:kms/key:Key", "pulumi-state-key").state.arn;
    expect(otherKeys?.Condition?.StringNotEquals?.["s3:x-amz-server-side-encryption-aws-kms-key-id"]).toBe(
      stateKeyArn,
    );
  });

  it("protects the state bucket and both keys even in dev, where data destruction is allowed", async () => {
    const { recorder } = await bootstrap("dev");
    expect(recorder.get("aws:s3/bucket:Bucket", "pulumi-state").protect).toBe(true);
    expect(recorder.get("aws:kms/key:Key", "pulumi-secrets-key").protect).toBe(true);
    expect(recorder.get("aws:kms/key:Key", "pulumi-state-key").retainOnDelete).toBe(true);
  });

  it("replicates the prod state bucket to the replica region under a key of that region, and not dev's", async () => {
    const prod = await bootstrap("prod");
    const [config] = prod.recorder.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig");
    const state = prod.recorder.get("aws:s3/bucket:Bucket", "pulumi-state").inputs.bucket;
    expect(config?.inputs.bucket).toBe(state);
    const key = prod.recorder.get("aws:kms/key:Key", "pulumi-replica-key");
    expect(key.state.arn).toMatch(/^arn:aws:kms:eu-central-1:/);
    expect(config?.inputs.rules).toMatchObject([
      {
        status: "Enabled",
        destination: {
          bucket: `arn:aws:s3:::${state}-eu-central-1`,
          encryptionConfiguration: { replicaKmsKeyId: key.state.arn },
        },
      },
    ]);
    expect(prod.recorder.get("aws:s3/bucket:Bucket", "state-replica").protect).toBe(true);
    const dev = await bootstrap("dev");
    expect(dev.recorder.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).toEqual([]);
  });

  it("exports the backend URL and a KMS secrets provider", async () => {
    const { outputs } = await bootstrap("prod");
    expect(outputs.backendUrl).toBe(`s3://lakehouse-prod-pulumi-state-${placementOf("prod").account}`);
    expect(outputs.secretsProvider).toBe("awskms://alias/lakehouse-prod-pulumi-secrets?region=eu-west-1");
  });
});

describe("bootstrap CI roles", () => {
  it("gives every layer a preview role for pull requests and a deploy role for the stack's environment", async () => {
    const { recorder, outputs } = await bootstrap("prod");
    expect(Object.keys(outputs.ciRoles as object).sort()).toEqual([...LAYERS].sort());
    for (const layer of LAYERS) {
      const preview = statements(
        recorder.get("aws:iam/role:Role", `${layer}-preview`).inputs.assumeRolePolicy,
      )[0];
      const deploy = statements(
        recorder.get("aws:iam/role:Role", `${layer}-deploy`).inputs.assumeRolePolicy,
      )[0];
      expect(preview?.Condition?.StringEquals?.["token.actions.githubusercontent.com:sub"]).toBe(
        "repo:acme-data/lakehouse:pull_request",
      );
      expect(deploy?.Condition?.StringEquals?.["token.actions.githubusercontent.com:sub"]).toBe(
        "repo:acme-data/lakehouse:environment:prod",
      );
      expect(deploy?.Condition?.StringEquals?.["token.actions.githubusercontent.com:aud"]).toBe(
        "sts.amazonaws.com",
      );
    }
  });

  it("lets a deploy role write only its own project's state", async () => {
    const { recorder } = await bootstrap("dev");
    const policy = statements(
      recorder.get("aws:iam/rolePolicy:RolePolicy", "network-deploy-permissions").inputs.policy,
    );
    const writes = policy.find((s) => s.Sid === "WriteOwnState");
    const bucket = "arn:aws:s3:::lakehouse-dev-pulumi-state-123456789012";
    expect(list(writes?.Resource).sort()).toEqual(
      [
        `${bucket}/.pulumi/backups/lakehouse-network/*`,
        `${bucket}/.pulumi/history/lakehouse-network/*`,
        `${bucket}/.pulumi/locks/*/lakehouse-network/*`,
        `${bucket}/.pulumi/stacks/lakehouse-network/*`,
      ].sort(),
    );
  });

  it("scopes each deploy role to its layer's planned resources or the layer tag, never a CI role or the state bucket", async () => {
    const { recorder } = await bootstrap("dev");
    const storage = statements(
      recorder.get("aws:iam/rolePolicy:RolePolicy", "lake-storage-deploy-permissions").inputs.policy,
    );
    const bucketWrites = storage.filter(
      (s) => s.Effect === "Allow" && list(s.Action).includes("s3:PutBucketPolicy"),
    );
    const buckets = bucketWrites.flatMap((s) => list(s.Resource));
    // the lake buckets lake-storage plans (layer-resources.json: dev and prod, replicas included), never the state bucket
    expect(buckets).toEqual(
      expect.arrayContaining(
        ["assets", "logs", "raw", "refined", "results"].map(
          (b) => `arn:aws:s3:::lakehouse-dev-${b}-123456789012`,
        ),
      ),
    );
    expect(buckets.filter((b) => b.includes("pulumi-state"))).toEqual([]);
    const ciDeny = storage.find((s) => s.Sid === "NeverTheCiRolesOrTheBoundary");
    expect(ciDeny?.Effect).toBe("Deny");
    expect(list(ciDeny?.Resource)).toContain("arn:aws:iam::123456789012:role/lakehouse-dev-ingestion-deploy");
    const createRoles = storage.find((s) => list(s.Action).includes("iam:CreateRole"));
    expect(createRoles?.Condition).toEqual({
      StringEquals: {
        "iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/lakehouse-dev-workload-boundary",
      },
    });
    const kmsChange = storage.find((s) => s.Sid === "ChangeKMS");
    expect(kmsChange?.Condition).toEqual({ StringEquals: { "aws:ResourceTag/layer": "lake-storage" } });
    const network = statements(
      recorder.get("aws:iam/rolePolicy:RolePolicy", "network-deploy-permissions").inputs.policy,
    );
    expect(
      network.some((s) =>
        list(s.Action).some((a) => a.startsWith("s3:") && a !== "s3:ListBucket" && !s.Sid?.includes("State")),
      ),
    ).toBe(false);
    for (const layer of LAYERS) {
      const all = statements(
        recorder.get("aws:iam/rolePolicy:RolePolicy", `${layer}-deploy-permissions`).inputs.policy,
      );
      expect(all.flatMap((s) => list(s.Action))).not.toContain("*");
    }
  });

  it("keeps the read-only preview role away from the data itself", async () => {
    const { recorder } = await bootstrap("dev");
    const policy = statements(
      recorder.get("aws:iam/rolePolicy:RolePolicy", "ingestion-preview-state").inputs.policy,
    );
    const deny = policy.find((s) => s.Sid === "DenyDataReads");
    expect(deny?.Effect).toBe("Deny");
    expect(list(deny?.Action)).toEqual(
      expect.arrayContaining(["s3:GetObject", "dynamodb:Scan", "secretsmanager:GetSecretValue"]),
    );
    expect(policy.find((s) => s.Sid === "WriteOwnState")?.Resource).toEqual([
      "arn:aws:s3:::lakehouse-dev-pulumi-state-123456789012/.pulumi/locks/*/lakehouse-ingestion/*",
    ]);
  });

  it("adopts an existing GitHub OIDC provider instead of creating a second one", async () => {
    const existing = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const { recorder, outputs } = await bootstrap("dev", {
      "lakehouse-bootstrap:existingGithubOidcProviderArn": existing,
    });
    expect(recorder.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).toHaveLength(0);
    expect(outputs.githubOidcProviderArn).toBe(existing);
  });
});

describe("bootstrap config", () => {
  it("fails with the key, the stack file and what is expected", async () => {
    await expect(
      bootstrap("dev", {
        "lakehouse-bootstrap:githubRepository": "not a repo",
        "lakehouse-bootstrap:stateVersionRetentionDays": "zero",
      }),
    ).rejects.toThrow(
      /invalid configuration in stacks\/bootstrap\/Pulumi\.dev\.yaml:\n {2}- lakehouse-bootstrap:githubRepository: owner\/name .*got "not a repo"\n {2}- lakehouse-bootstrap:stateVersionRetentionDays: .*got "zero"/,
    );
  });

  it("refuses an existing provider that is not an OIDC provider ARN", async () => {
    await expect(
      bootstrap("prod", {
        "lakehouse-bootstrap:existingGithubOidcProviderArn": "token.actions.githubusercontent.com",
      }),
    ).rejects.toThrow(
      /stacks\/bootstrap\/Pulumi\.prod\.yaml:\n {2}- lakehouse-bootstrap:existingGithubOidcProviderArn: an OIDC provider ARN/,
    );
  });

  it("requires the QuickSight account name and e-mail of the stack that subscribes its account", async () => {
    await expect(bootstrap("prod", { "lakehouse-bootstrap:quicksightAccountName": "" })).rejects.toThrow(
      /stacks\/bootstrap\/Pulumi\.prod\.yaml[\s\S]*lakehouse-bootstrap:quicksightAccountName: required/,
    );
  });
});

describe("the account baseline (stacks/accounts.yaml decides which stack creates it)", () => {
  const BASELINE = [
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    "aws:quicksight/accountSubscription:AccountSubscription",
  ];
  it("separate accounts: prod's bootstrap creates its account's OIDC provider, DMS roles and QuickSight subscription, kept on delete", async () => {
    const { recorder } = await bootstrap("prod");
    for (const type of BASELINE)
      expect(
        recorder.ofType(type).map((r) => r.retainOnDelete),
        type,
      ).toEqual([true]);
    expect(recorder.ofType("aws:iam/role:Role").map((r) => r.inputs.name)).toEqual(
      expect.arrayContaining(["dms-vpc-role", "dms-cloudwatch-logs-role"]),
    );
    expect(
      recorder.ofType("aws:quicksight/accountSubscription:AccountSubscription")[0]?.inputs,
    ).toMatchObject({
      accountName: "acme-lakehouse-prod",
      edition: "ENTERPRISE",
      authenticationMethod: "IAM_AND_QUICKSIGHT",
    });
  });

  it("one shared account: prod's bootstrap creates none of them and trusts the account's provider", async () => {
    useTopology(
      parseTopology(
        "stacks:\n  dev: { account: '123456789012', region: eu-west-1 }\n  prod: { account: '123456789012', region: eu-west-1 }\n",
      ),
    );
    try {
      const { recorder, outputs } = await bootstrap("prod");
      for (const type of BASELINE) expect(recorder.ofType(type), type).toEqual([]);
      expect(recorder.ofType("aws:iam/role:Role").map((r) => r.inputs.name)).not.toContain("dms-vpc-role");
      expect(outputs.githubOidcProviderArn).toBe(
        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
      );
    } finally {
      useTopology(undefined);
    }
  });
});
