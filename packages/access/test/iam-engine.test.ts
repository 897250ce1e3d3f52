import { describe, expect, it } from "vitest";
import { buildModel, evaluateIam, OUTSIDE_ACCOUNT } from "../src";
import { ACCOUNT, bucket, key, program, REGION, role, rolePolicy } from "./plan-builder";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1`;
const JOBS = `arn:aws:iam::${ACCOUNT}:role/jobs`;
const keyPolicyViaS3 = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "UseThroughS3",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } },
    },
  ],
};

function model(extra: Parameters<typeof program>[1] = [], keyPolicy: object | null = keyPolicyViaS3) {
  return buildModel([
    program("lake-storage", [
      key("data", "k1", keyPolicy ?? undefined, { layer: "lake-storage" }),
      bucket("raw-bucket"),
    ]),
    program("transformation", [role("jobs", { layer: "transformation" }), ...extra]),
  ]);
}

describe("evaluateIam (real IAM engine over the plan)", () => {
  it("needs both the identity policy and the key policy", async () => {
    const grant = rolePolicy("jobs", "jobs-kms", [
      { Sid: "Data", Effect: "Allow", Action: "kms:Decrypt", Resource: KEY },
    ]);
    const viaS3 = { "kms:ViaService": `s3.${REGION}.amazonaws.com` };
    const m = model([grant]);
    expect(
      (await evaluateIam(m, { principal: JOBS, action: "kms:Decrypt", resource: KEY, context: viaS3 }))
        .decision,
    ).toBe("Allowed");
    // the key policy allows the account only through S3: through Glue the key policy denies
    const viaGlue = await evaluateIam(m, {
      principal: JOBS,
      action: "kms:Decrypt",
      resource: KEY,
      context: { "kms:ViaService": `glue.${REGION}.amazonaws.com` },
    });
    expect(viaGlue.decision).toBe("ImplicitlyDenied");
    expect(viaGlue.because).toBe(
      'lake-storage: kms/key data statement "UseThroughS3" matches but its condition fails (StringEquals kms:ViaService, request has "glue.eu-west-1.amazonaws.com")',
    );
    // without an identity grant, the key policy's account grant alone is not enough
    const none = await evaluateIam(model(), {
      principal: JOBS,
      action: "kms:Decrypt",
      resource: KEY,
      context: viaS3,
    });
    expect(none.decision).toBe("ImplicitlyDenied");
    expect(none.because).toContain("jobs");
  });

  it("a key without a policy gets AWS's default key policy (the account's IAM policies decide)", async () => {
    const grant = rolePolicy("jobs", "jobs-kms", [{ Effect: "Allow", Action: "kms:Encrypt", Resource: KEY }]);
    const d = await evaluateIam(model([grant], null), {
      principal: JOBS,
      action: "kms:Encrypt",
      resource: KEY,
    });
    expect(d.decision).toBe("Allowed");
    expect(d.because).toContain("jobs-kms");
  });

  it("evaluates resource-tag conditions with the planned resource's tags", async () => {
    const grant = rolePolicy("jobs", "jobs-kms", [
      {
        Sid: "OwnLayerKeys",
        Effect: "Allow",
        Action: "kms:Encrypt",
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceTag/layer": "transformation" } },
      },
    ]);
    const d = await evaluateIam(model([grant], null), {
      principal: JOBS,
      action: "kms:Encrypt",
      resource: KEY,
    });
    expect(d.decision).toBe("ImplicitlyDenied");
    expect(d.because).toContain('"OwnLayerKeys" matches but its condition fails');
    expect(d.because).toContain('"lake-storage"');
  });

  it("names the deciding deny statement", async () => {
    const grant = rolePolicy("jobs", "jobs-s3", [
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::raw-bucket/*" },
      {
        Sid: "NoSecrets",
        Effect: "Deny",
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::raw-bucket/secret/*",
      },
    ]);
    const m = model([grant]);
    expect(
      (
        await evaluateIam(m, {
          principal: JOBS,
          action: "s3:GetObject",
          resource: "arn:aws:s3:::raw-bucket/a",
        })
      ).decision,
    ).toBe("Allowed");
    const denied = await evaluateIam(m, {
      principal: JOBS,
      action: "s3:GetObject",
      resource: "arn:aws:s3:::raw-bucket/secret/a",
    });
    expect(denied).toEqual({
      decision: "ExplicitlyDenied",
      because: 'denied by transformation: iam/rolePolicy jobs-s3 statement "NoSecrets"',
    });
  });

  it("rejects an ARN for an action that accepts only *, as AWS never matches it", async () => {
    const d = await evaluateIam(model(), {
      principal: JOBS,
      action: "lakeformation:GetDataAccess",
      resource: "arn:aws:lakeformation:eu-west-1:123456789012:catalog:123456789012",
    });
    expect(d.decision).toBe("Invalid");
  });

  it("an outside account is stopped only by resource policies", async () => {
    const m = model();
    const d = await evaluateIam(m, {
      principal: OUTSIDE_ACCOUNT,
      action: "s3:GetObject",
      resource: "arn:aws:s3:::raw-bucket/a",
    });
    expect(d.decision).not.toBe("Allowed");
    const d2 = await evaluateIam(m, {
      principal: OUTSIDE_ACCOUNT,
      action: "kms:Decrypt",
      resource: KEY,
      context: { "kms:ViaService": `s3.${REGION}.amazonaws.com` },
    });
    expect(d2.decision).not.toBe("Allowed");
  });
});
