import { resolve } from "node:path";
import { placementOf } from "@lakehouse/contracts";
import { deployerRoleArn, layerFixture, policyOf, readStackConfig, runProgram } from "@lakehouse/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { program } from "../src/program";

const repoRoot = resolve(__dirname, "../../..");
// prod deploys into its own account (stacks/accounts.yaml); the mocks answer with it
const PROD_ACCOUNT = placementOf("prod").account;
// biome-ignore lint/suspicious/noExplicitAny: assertions over recorded JSON
type Json = Record<string, any>;
let run: Awaited<ReturnType<typeof runProgram>>;

beforeAll(async () => {
  const { config, secretKeys } = readStackConfig(repoRoot, "lake-storage", "prod");
  run = await runProgram(program, { project: "lakehouse-lake-storage", stack: "prod", config, secretKeys });
});

const STATEFUL = ["aws:s3/bucket:Bucket", "aws:kms/key:Key", "aws:glue/catalogDatabase:CatalogDatabase"];

describe("lake-storage on prod (real stack config)", () => {
  it("exports exactly the LakeStorageOutputs contract, with the values consumers expect", () => {
    const fixture = layerFixture("lake-storage", "prod");
    expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(fixture).sort());
    const { dataKeyArn, dataKeyId, ...stable } = run.outputs;
    const { dataKeyArn: _a, dataKeyId: _b, ...expected } = fixture;
    expect(stable).toEqual(expected);
    expect(dataKeyArn).toBe(`arn:aws:kms:eu-west-1:${PROD_ACCOUNT}:key/${dataKeyId}`);
  });

  it("creates its own account's `default` database: prod is the first stack of its account-region (stacks/accounts.yaml)", () => {
    const names = run.recorder.ofType("aws:glue/catalogDatabase:CatalogDatabase").map((d) => d.inputs.name);
    expect(names).toContain("default");
  });

  it("protects and retains every stateful resource: buckets, the data key, the catalog databases", () => {
    const stateful = run.recorder.resources.filter((r) => STATEFUL.includes(r.type));
    expect(stateful.map((r) => r.name).sort()).toEqual(
      [
        ...[
          "assets",
          "cdc-db",
          "data",
          "default-db",
          "logs",
          "raw",
          "raw-db",
          "refined",
          "refined-db",
          "results",
        ],
        ...["alarms-key", "replica-key", "replica-logs", "raw-replica", "refined-replica", "assets-replica"],
      ].sort(),
    );
    for (const r of stateful)
      expect(r, `${r.type} ${r.name}`).toMatchObject({ protect: true, retainOnDelete: true });
    for (const b of run.recorder.ofType("aws:s3/bucket:Bucket")) expect(b.inputs.forceDestroy).toBe(false);
  });

  it("ages the raw zone as prod configures it and expires Athena results in the results bucket's only lifecycle", () => {
    const lifecycle = (bucket: string) =>
      Object.fromEntries(
        (
          run.recorder.get("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket).inputs
            .rules as { id: string }[]
        ).map((r) => [r.id, r]),
      );
    expect(lifecycle("raw")["transition-current-versions"]).toMatchObject({
      transitions: [
        { days: 30, storageClass: "STANDARD_IA" },
        { days: 90, storageClass: "GLACIER_IR" },
      ],
    });
    expect(lifecycle("raw")["expire-current-versions"]).toMatchObject({ expiration: { days: 730 } });
    expect(lifecycle("raw")["expire-noncurrent-versions"]).toMatchObject({
      noncurrentVersionExpiration: { noncurrentDays: 30 },
    });
    expect(lifecycle("results")["expire-current-versions"]).toMatchObject({ expiration: { days: 30 } });
    expect(
      run.recorder
        .ofType("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        .filter((r) => r.name === "results"),
    ).toHaveLength(1);
  });

  it("encrypts every data bucket with the data key, logs it to the logs bucket, versions raw and refined", () => {
    const key = run.outputs.dataKeyArn;
    for (const zone of ["raw", "refined", "results", "assets"]) {
      const sse = run.recorder.get(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        zone,
      );
      expect(sse.inputs.rules).toEqual([
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key },
          bucketKeyEnabled: true,
        },
      ]);
      expect(run.recorder.get("aws:s3/bucketLogging:BucketLogging", zone).inputs).toMatchObject({
        targetBucket: run.outputs.logsBucketName,
        targetPrefix: `${zone}/`,
      });
    }
    const versioned = run.recorder.ofType("aws:s3/bucketVersioning:BucketVersioning").map((r) => r.name);
    expect(versioned).toEqual(expect.arrayContaining(["raw", "refined"]));
  });

  it("lets exactly the platform's services use the data key", () => {
    const policy = policyOf(run.recorder.get("aws:kms/key:Key", "data").inputs.policy);
    const via = policy.Statement.find((s) => s.Sid === "AccountUsesThroughPlatformServices")
      ?.Condition as Record<string, Record<string, string[]>>;
    expect(via.StringEquals?.["kms:ViaService"]).toEqual(
      [
        "s3",
        "glue",
        "athena",
        "firehose",
        "dms",
        "dynamodb",
        "rds",
        "sqs",
        "secretsmanager",
        "lambda",
        "appflow",
      ].map((s) => `${s}.eu-west-1.amazonaws.com`),
    );
    expect(via.StringEquals?.["kms:CallerAccount"]).toBe(PROD_ACCOUNT);
    const lfRole = policy.Statement.find((s) => s.Sid === "LakeFormationDataAccessRole");
    expect(lfRole?.Principal).toEqual({ AWS: run.outputs.dataAccessRoleArn });
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      "AccountRootAdministers",
      "AccountUsesThroughPlatformServices",
      "AccountGrantsToPlatformServices",
      "LakeFormationDataAccessRole",
      "CloudWatchLogsEncryptsPlatformLogGroups",
      "AppFlowUseDataKey",
    ]);
  });

  it("encrypts the Glue catalog and connection passwords with the data key", () => {
    const settings = run.recorder.get(
      "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
      "catalog-encryption",
    ).inputs.dataCatalogEncryptionSettings;
    expect(settings).toEqual({
      encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: run.outputs.dataKeyArn },
      connectionPasswordEncryption: {
        returnConnectionPasswordEncrypted: true,
        awsKmsKeyId: run.outputs.dataKeyArn,
      },
    });
  });

  it("governs the lake with Lake Formation: admins, registered locations, tagged databases", () => {
    const lf = run.recorder.get("aws:lakeformation/dataLakeSettings:DataLakeSettings", "lake-formation");
    // the configured admins, the deploying principal, and the layer's CI deploy role (which must stay an admin)
    expect(lf.inputs.admins).toEqual(
      [
        `arn:aws:iam::${PROD_ACCOUNT}:role/lakehouse-data-platform-admin`,
        deployerRoleArn(PROD_ACCOUNT),
        `arn:aws:iam::${PROD_ACCOUNT}:role/lakehouse-prod-lake-storage-deploy`,
      ].sort(),
    );
    expect(lf.inputs.createTableDefaultPermissions).toEqual([]);
    expect(lf.inputs.createDatabaseDefaultPermissions).toEqual([]);
    // Databases are created only once the IAM_ALLOWED_PRINCIPALS defaults are gone.
    for (const zone of ["raw", "refined", "cdc"]) {
      expect(
        run.recorder.get("aws:glue/catalogDatabase:CatalogDatabase", `${zone}-db`).dependencies,
      ).toContain(lf.urn);
    }
    const registered = run.recorder
      .ofType("aws:lakeformation/resource:Resource")
      .map((r) => [r.inputs.arn, r.inputs.roleArn, r.inputs.useServiceLinkedRole]);
    expect(registered).toEqual([
      [run.outputs.rawBucketArn, run.outputs.dataAccessRoleArn, false],
      [run.outputs.refinedBucketArn, run.outputs.dataAccessRoleArn, false],
    ]);
    const tagsOf = (zone: string) =>
      run.recorder.get("aws:lakeformation/resourceLfTags:ResourceLfTags", `${zone}-db-tags`).inputs.lfTags;
    expect(tagsOf("raw")).toEqual([
      { key: "domain", value: "platform" },
      { key: "sensitivity", value: "confidential" },
    ]);
    expect(tagsOf("refined")).toEqual([
      { key: "domain", value: "sales" },
      { key: "sensitivity", value: "internal" },
    ]);
  });

  it("replicates raw, refined and assets to eu-central-1, each replica under the replica region's own key", () => {
    const configs = run.recorder.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig");
    expect(configs.map((c) => c.inputs.bucket).sort()).toEqual(
      ["assets", "raw", "refined"].map((z) => `lakehouse-prod-${z}-${PROD_ACCOUNT}`).sort(),
    );
    const replicaKey = run.recorder.get("aws:kms/key:Key", "replica-key");
    expect(replicaKey.inputs.region).toBe("eu-central-1");
    expect(replicaKey.state.arn).toMatch(/^arn:aws:kms:eu-central-1:/);
    for (const c of configs) {
      const [rule] = c.inputs.rules as Json[];
      expect(rule).toMatchObject({
        status: "Enabled",
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
          bucket: `arn:aws:s3:::${c.inputs.bucket}-eu-central-1`,
          encryptionConfiguration: { replicaKmsKeyId: replicaKey.state.arn },
        },
      });
    }
    for (const zone of ["raw", "refined", "assets"]) {
      const replica = run.recorder.get("aws:s3/bucket:Bucket", `${zone}-replica`);
      expect(replica.inputs).toMatchObject({ region: "eu-central-1" });
      const sse = run.recorder.get(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        `${zone}-replica`,
      ).inputs.rules as Json[];
      expect(sse[0]?.applyServerSideEncryptionByDefault).toEqual({
        sseAlgorithm: "aws:kms",
        kmsMasterKeyId: replicaKey.state.arn,
      });
    }
  });

  it("gives each replication role only its bucket pair: source reads, replica writes, keys through S3", () => {
    const policy = JSON.parse(
      String(run.recorder.get("aws:iam/rolePolicy:RolePolicy", "raw-replication").inputs.policy),
    ) as { Statement: Json[] };
    const raw = `arn:aws:s3:::lakehouse-prod-raw-${PROD_ACCOUNT}`;
    const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
    expect(bySid.ReadSourceVersions?.Resource).toBe(`${raw}/*`);
    expect(bySid.WriteReplica).toMatchObject({
      Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      Resource: `${raw}-eu-central-1/*`,
    });
    expect(bySid.DecryptSource?.Resource).toBe(run.outputs.dataKeyArn);
    expect(bySid.DecryptSource?.Condition.StringEquals).toEqual({
      "kms:ViaService": "s3.eu-west-1.amazonaws.com",
    });
    expect(bySid.EncryptReplica?.Condition.StringEquals).toEqual({
      "kms:ViaService": "s3.eu-central-1.amazonaws.com",
    });
    for (const s of policy.Statement) expect(JSON.stringify(s.Resource)).not.toContain('"*"');
  });
});
