import { installMocks, MOCK_ACCOUNT_ID, outputValue } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";

const { recorder } = installMocks({ project: "lakehouse-ingestion", stack: "dev" });

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import {
  DmsAccountRoles,
  dmsTableMappings,
  EventsDeliveryStream,
  GA4_ACCESS_TOKEN_PLACEHOLDER,
  Ga4Flow,
  SourceTable,
  taskResourceId,
} from "../src";

const KEY_ARN = `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`;
const BUCKET_ARN = "arn:aws:s3:::lakehouse-dev-raw";
const settle = async () => {
  await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  await new Promise((r) => setTimeout(r, 20));
};

describe("SourceTable", () => {
  const table = new SourceTable("orders", {
    name: "orders",
    hashKey: { name: "id", type: "N" },
    kmsKeyArn: KEY_ARN,
  });

  it("keeps data by default: protected, retained, deletion protection on", async () => {
    await settle();
    const r = recorder.get("aws:dynamodb/table:Table", "orders");
    expect([r.protect, r.retainOnDelete, r.inputs.deletionProtectionEnabled]).toEqual([true, true, true]);
    expect(r.inputs.attributes).toEqual([{ name: "id", type: "N" }]);
  });

  it("grantStreamRead allows reading this stream and decrypting through DynamoDB only", async () => {
    const role = new aws.iam.Role("consumer", { assumeRolePolicy: "{}" });
    const policy = table.grantStreamRead(role);
    const doc = JSON.parse(await outputValue(policy.policy as pulumi.Output<string>));
    const streamArn = await outputValue(table.streamArn);
    expect(doc.Statement).toEqual([
      {
        Sid: "ReadStream",
        Effect: "Allow",
        Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
        Resource: streamArn,
      },
      {
        Sid: "ListStreams",
        Effect: "Allow",
        Action: "dynamodb:ListStreams",
        Resource: "*",
      },
      {
        Sid: "DecryptStreamRecords",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: KEY_ARN,
        Condition: { StringEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" } },
      },
    ]);
  });
});

describe("EventsDeliveryStream", () => {
  const events = new EventsDeliveryStream("ev", {
    name: "ev",
    bucketName: "lakehouse-dev-raw",
    bucketArn: BUCKET_ARN,
    kmsKeyArn: KEY_ARN,
    prefix: "events",
    databaseName: "raw_db",
    bufferingSizeMb: 8,
    producerPrincipals: ["arn:aws:iam::210987654321:role/web-backend"],
  });

  it("never buffers below the 64 MiB Parquet conversion needs, and lets only the named producers assume", async () => {
    await settle();
    const stream = recorder.get("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "ev");
    expect((stream.inputs.extendedS3Configuration as { bufferingSize: number }).bufferingSize).toBe(64);
    const trust = JSON.parse(await outputValue(events.producerRole.assumeRolePolicy));
    expect(trust.Statement[0].Principal).toEqual({ AWS: ["arn:aws:iam::210987654321:role/web-backend"] });
  });

  it("the Firehose role reads only its schema table, through a Lake Formation grant", async () => {
    await settle();
    const grant = recorder.get("aws:lakeformation/permissions:Permissions", "ev-schema-grant");
    expect(grant.inputs).toMatchObject({
      permissions: ["DESCRIBE", "SELECT"],
      table: { databaseName: "raw_db", name: "client_events" },
      principal: await outputValue(events.role.arn),
    });
    const own = recorder.get("aws:iam/rolePolicy:RolePolicy", "ev-role-policy");
    const glue = JSON.parse(String(own.inputs.policy)).Statement[0];
    expect(glue.Resource).toContain(`arn:aws:glue:eu-west-1:${MOCK_ACCOUNT_ID}:table/raw_db/client_events`);
  });
});

describe("DmsAccountRoles", () => {
  it("creates both roles DMS looks up by name, each with its AWS managed policy, kept on delete", async () => {
    const roles = new DmsAccountRoles("account");
    await settle();
    expect(recorder.get("aws:iam/role:Role", "account-vpc").inputs.name).toBe("dms-vpc-role");
    expect(recorder.get("aws:iam/role:Role", "account-logs").inputs.name).toBe("dms-cloudwatch-logs-role");
    expect(
      String(
        recorder.get("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "account-vpc-policy").inputs
          .policyArn,
      ),
    ).toMatch(/service-role\/AmazonDMSVPCManagementRole$/);
    expect(recorder.get("aws:iam/role:Role", "account-vpc").retainOnDelete).toBe(true);
    expect(roles.dependencies).toHaveLength(4);
  });
});

describe("dmsTableMappings", () => {
  it("renders one include rule per table, then adds change_seq ($AR_H_CHANGE_SEQ) to every table, with unique ids", () => {
    const rules = JSON.parse(
      dmsTableMappings([
        { schema: "public", table: "orders" },
        { schema: "sales", table: "%" },
      ]),
    ).rules;
    expect(
      rules.map((r: Record<string, unknown>) => [r["rule-id"], r["rule-action"], r["object-locator"]]),
    ).toEqual([
      ["1", "include", { "schema-name": "public", "table-name": "orders" }],
      ["2", "include", { "schema-name": "sales", "table-name": "%" }],
      ["3", "add-column", { "schema-name": "%", "table-name": "%" }],
    ]);
    expect(rules[2]).toMatchObject({
      "rule-type": "transformation",
      "rule-target": "column",
      value: "change_seq",
      expression: "$AR_H_CHANGE_SEQ",
    });
  });

  it("refuses an empty selection (DMS would replicate nothing)", () => {
    expect(() => dmsTableMappings([])).toThrow(/at least one table/);
  });
});

describe("taskResourceId", () => {
  it("is the last segment of a replication task's ARN, the value of its ReplicationTaskIdentifier dimension", () => {
    expect(taskResourceId("arn:aws:dms:eu-west-1:123456789012:task:ABCDEF1234567890ABCDEF1234")).toBe(
      "ABCDEF1234567890ABCDEF1234",
    );
  });
  it("refuses an ARN that is not a task's, naming it", () => {
    expect(() => taskResourceId("arn:aws:dms:eu-west-1:123456789012:replication-config:ABC")).toThrow(
      /not a DMS replication task ARN: arn:aws:dms:eu-west-1:123456789012:replication-config:ABC/,
    );
  });
});

describe("Ga4Flow", () => {
  const flow = new Ga4Flow("ga", {
    name: "ga",
    credentials: { clientId: "id", clientSecret: pulumi.secret("s"), refreshToken: pulumi.secret("r") },
    propertyId: "123456789",
    dimensions: ["date"],
    metrics: ["sessions"],
    incrementalField: null,
    bucketName: "lakehouse-dev-raw",
    prefix: "google-analytics/",
    kmsKeyArn: KEY_ARN,
  });

  it("pulls complete data when no incremental field is set", async () => {
    await settle();
    // biome-ignore lint/suspicious/noExplicitAny: recorded JSON
    const inputs = recorder.get("aws-native:appflow:Flow", "ga").inputs as Record<string, any>;
    expect(inputs.sourceFlowConfig.incrementalPullConfig).toBeUndefined();
    expect(inputs.triggerConfig.triggerProperties.dataPullMode).toBe("Complete");
    expect(inputs.tasks[0]).toMatchObject({ taskType: "Filter", sourceFields: ["date", "sessions"] });
  });

  it("is Active after deploy (an API-created scheduled flow would stay Draft until StartFlow)", async () => {
    await settle();
    expect(recorder.get("aws-native:appflow:Flow", "ga").inputs.flowStatus).toBe("Active");
    expect(recorder.ofType("aws:appflow/flow:Flow")).toEqual([]);
  });

  it("sends an access-token placeholder with the refresh-token grant, as AWS's GA4 profile construct does", async () => {
    await settle();
    // biome-ignore lint/suspicious/noExplicitAny: recorded JSON
    const profile = recorder.get("aws:appflow/connectorProfile:ConnectorProfile", "ga-profile").inputs as any;
    const oauth2 = profile.connectorProfileConfig.connectorProfileCredentials.customConnector.oauth2;
    expect(oauth2).toMatchObject({ accessToken: GA4_ACCESS_TOKEN_PLACEHOLDER, clientId: "id" });
    expect(
      profile.connectorProfileConfig.connectorProfileProperties.customConnector.oauth2Properties,
    ).toEqual({
      oauth2GrantType: "AUTHORIZATION_CODE",
      tokenUrl: "https://oauth2.googleapis.com/token",
    });
  });

  it("states the bucket policy AppFlow needs: writes under the GA4 prefix only, from this account", async () => {
    const statements = await outputValue(
      pulumi.output(flow.bucketPolicyStatements(BUCKET_ARN, MOCK_ACCOUNT_ID)),
    );
    expect(statements.map((s) => [s.Sid, s.Resource])).toEqual([
      ["AppFlowLocateBucket", BUCKET_ARN],
      ["AppFlowWriteGa4", `${BUCKET_ARN}/google-analytics/*`],
    ]);
    for (const s of statements) {
      expect(s.Principal).toEqual({ Service: "appflow.amazonaws.com" });
      expect(s.Condition).toEqual({ StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } });
      expect(s.Action).not.toContain("s3:DeleteObject");
    }
  });

  it("refuses a flow without fields", () => {
    expect(
      () =>
        new Ga4Flow("empty", {
          name: "empty",
          credentials: { clientId: "a", clientSecret: "b", refreshToken: "c" },
          propertyId: "1",
          dimensions: [],
          metrics: [],
          bucketName: "b",
          prefix: "p",
          kmsKeyArn: KEY_ARN,
        }),
    ).toThrow(/needs dimensions or metrics/);
  });
});
