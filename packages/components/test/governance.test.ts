import {
  installMocks,
  MOCK_ACCOUNT_ID,
  MOCK_DEPLOYER_ROLE_ARN,
  outputValue,
  policyOf,
} from "@lakehouse/testing";
import { describe, expect, it } from "vitest";

const { recorder } = installMocks({ project: "lakehouse-lake-storage", stack: "dev" });

import * as settings from "@pulumi/pulumi/runtime/settings";
import { DataLocations, LakeFormationSettings, LfTags, SecureBucket } from "../src";

const settle = () => (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
const ADMIN = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/data-platform-admin`;
const KEY = `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT_ID}:key/k`;

const lf = new LakeFormationSettings("lake-formation", { admins: [ADMIN] });
const tags = new LfTags("lf-tags", {
  tags: { domain: ["sales", "platform"], sensitivity: ["internal", "confidential"] },
  dependsOn: [lf.settings],
});
const attachment = tags.attachToDatabase("raw-db-tags", "lakehouse_dev_raw", {
  domain: "platform",
  sensitivity: "confidential",
});
const locations = new DataLocations("lake-locations", {
  roleName: "lakehouse-dev-lf-data-access",
  dependsOn: [lf.settings],
});
const raw = new SecureBucket("raw", {
  bucketName: "lakehouse-dev-raw-123456789012",
  kmsKeyArn: KEY,
  accessLogs: { bucket: "logs", prefix: "raw/" },
  retain: false,
});
const registration = locations.register(raw);

describe("LakeFormationSettings", () => {
  it("makes the configured admins and the deploying role (not its session) the admins", async () => {
    await settle();
    const s = recorder.get("aws:lakeformation/dataLakeSettings:DataLakeSettings", "lake-formation").inputs;
    expect(s.admins).toEqual([ADMIN, MOCK_DEPLOYER_ROLE_ARN].sort());
    expect(await outputValue(lf.admins)).toEqual(s.admins);
  });

  it("sets every setting explicitly, with no IAM_ALLOWED_PRINCIPALS default grants", async () => {
    await settle();
    const s = recorder.get("aws:lakeformation/dataLakeSettings:DataLakeSettings", "lake-formation").inputs;
    expect(s.createDatabaseDefaultPermissions).toEqual([]);
    expect(s.createTableDefaultPermissions).toEqual([]);
    expect(s.parameters).toEqual({ CROSS_ACCOUNT_VERSION: "4" });
    expect(s.trustedResourceOwners).toEqual([]);
    expect(s.readOnlyAdmins).toEqual([]);
    expect(JSON.stringify(s)).not.toContain("IAM_ALLOWED_PRINCIPALS");
  });

  it("refuses an empty admin list", () => {
    expect(() => new LakeFormationSettings("empty", { admins: [], includeDeployer: false })).toThrow(
      /admins must not be empty/,
    );
  });
});

describe("LfTags", () => {
  it("creates the ontology after the settings and attaches one value per tag to a database", async () => {
    await settle();
    const domain = recorder.get("aws:lakeformation/lfTag:LfTag", "lf-tags-domain");
    expect(domain.inputs).toMatchObject({ key: "domain", values: ["sales", "platform"] });
    const settingsUrn = recorder.get(
      "aws:lakeformation/dataLakeSettings:DataLakeSettings",
      "lake-formation",
    ).urn;
    expect(domain.dependencies).toContain(settingsUrn);
    const attached = recorder.get("aws:lakeformation/resourceLfTags:ResourceLfTags", "raw-db-tags");
    expect(attached.inputs.database).toEqual({ name: "lakehouse_dev_raw" });
    expect(attached.inputs.lfTags).toEqual([
      { key: "domain", value: "platform" },
      { key: "sensitivity", value: "confidential" },
    ]);
    expect(attached.dependencies).toContain(domain.urn);
    expect(await outputValue(tags.values)).toEqual({
      domain: ["sales", "platform"],
      sensitivity: ["internal", "confidential"],
    });
    expect(await outputValue(attachment.id)).toBeTruthy();
  });

  it("rejects a tag key outside the ontology and a tag without values", () => {
    expect(() => tags.attachToDatabase("x", "db", { owner: "me" })).toThrow(/unknown LF-tag "owner"/);
    expect(() => new LfTags("bad", { tags: { domain: [] } })).toThrow(/at least one value/);
  });
});

describe("DataLocations", () => {
  it("registers the bucket with the dedicated data-access role, not the service-linked role", async () => {
    await settle();
    const r = recorder.get("aws:lakeformation/resource:Resource", "lake-locations-raw");
    expect(r.inputs).toMatchObject({
      arn: "arn:aws:s3:::lakehouse-dev-raw-123456789012",
      roleArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/lakehouse-dev-lf-data-access`,
      useServiceLinkedRole: false,
      hybridAccessEnabled: false,
    });
    expect(await outputValue(registration.id)).toBe("arn:aws:s3:::lakehouse-dev-raw-123456789012");
  });

  it("the role trusts only Lake Formation of this account and may read and write the registered bucket", async () => {
    await settle();
    const role = recorder.get("aws:iam/role:Role", "lake-locations");
    expect(policyOf(role.inputs.assumeRolePolicy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "LakeFormationAssumes",
          Effect: "Allow",
          Principal: { Service: "lakeformation.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
        },
      ],
    });
    const grant = policyOf(
      recorder.get("aws:iam/rolePolicy:RolePolicy", "lake-locations-raw-read-write-all").inputs.policy,
    );
    expect(grant.Statement.find((s) => s.Sid === "ReadWriteObjects")?.Resource).toBe(
      "arn:aws:s3:::lakehouse-dev-raw-123456789012/*",
    );
    const registrationDeps = recorder.get(
      "aws:lakeformation/resource:Resource",
      "lake-locations-raw",
    ).dependencies;
    expect(registrationDeps).toContain(
      recorder.get("aws:iam/rolePolicy:RolePolicy", "lake-locations-raw-read-write-all").urn,
    );
  });
});
