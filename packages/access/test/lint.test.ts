import { describe, expect, it } from "vitest";
import { lintPolicies } from "../src";
import { program, role, rolePolicy } from "./plan-builder";

const lint = (statements: object[]) =>
  lintPolicies([program("ingestion", [role("r"), rolePolicy("r", "p", statements)])]).then((f) =>
    f.map((x) => `${x.kind}: ${x.message}`),
  );

describe("lintPolicies (Service Authorization Reference)", () => {
  it("passes a statement whose actions accept its resources", async () => {
    expect(
      await lint([
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:ListBucket"],
          Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
        },
      ]),
    ).toEqual([]);
  });

  it("finds unknown actions and wildcards that match nothing", async () => {
    expect(
      await lint([{ Effect: "Allow", Action: ["s3:GetObjects", "s3:Fetch*", "nosuch:Get"], Resource: "*" }]),
    ).toEqual([
      "unknown-action: s3:GetObjects is not an IAM action",
      "wildcard-matches-nothing: s3:Fetch* matches no action",
      "unknown-action: nosuch:Get: no such service in the Service Authorization Reference",
    ]);
  });

  it("finds actions that accept only * granted on an ARN", async () => {
    expect(
      await lint([
        {
          Effect: "Allow",
          Action: "lakeformation:*",
          Resource: "arn:aws:lakeformation:eu-west-1:123456789012:catalog:123456789012",
        },
      ]),
    ).toEqual([
      'wildcard-only-action: lakeformation:* accepts only "*" as resource, so its grant on arn:aws:lakeformation:eu-west-1:123456789012:catalog:123456789012 never applies',
    ]);
  });

  it("finds actions granted on a resource type they do not act on", async () => {
    const found = await lint([
      {
        Effect: "Allow",
        Action: "dynamodb:GetRecords",
        Resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/t",
      },
    ]);
    expect(found[0]).toBe(
      "resource-type-mismatch: dynamodb:GetRecords acts on none of arn:aws:dynamodb:eu-west-1:123456789012:table/t: it accepts stream",
    );
  });

  it("a wildcard in the ARN may stand for the rest of a longer ARN (log-group:x:* names its streams)", async () => {
    expect(
      await lint([
        {
          Effect: "Allow",
          Action: ["logs:PutLogEvents"],
          Resource: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/*",
        },
      ]),
    ).toEqual([]);
  });

  it("finds unknown condition keys, accepting global, service and web-identity keys", async () => {
    expect(
      await lint([
        {
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: "*",
          Condition: {
            StringEquals: {
              "kms:ViaService": "s3.eu-west-1.amazonaws.com",
              "aws:ResourceTag/layer": "x",
              "kms:EncryptionContext:aws:glue:catalog": "1",
              "kms:ViaServices": "x",
            },
          },
        },
      ]),
    ).toEqual(["unknown-condition-key: condition key kms:ViaServices does not exist"]);
  });
});
