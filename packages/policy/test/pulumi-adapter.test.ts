import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import * as proxy from "@pulumi/policy/proxy";
import { describe, expect, it } from "vitest";
import { type Exemption, pulumiPolicies, RULES } from "../src";

/** The host's sentinel for a value unknown during preview (internal to @pulumi/policy, hence the cast). */
const unknownStringValue = (proxy as unknown as { unknownStringValue: unknown }).unknownStringValue;

const TABLE_URN = "urn:pulumi:prod::lakehouse-ingestion::aws:dynamodb/table:Table::orders";
const BUCKET_URN = "urn:pulumi:dev::lakehouse-lake-storage::aws:s3/bucket:Bucket::raw";
const BLOCK_URN =
  "urn:pulumi:dev::lakehouse-lake-storage::aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::raw";

const OPTS = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  additionalSecretOutputs: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
};
const notApplicable = (reason?: string): never => {
  throw new Error(`not applicable: ${reason}`);
};

function resourcePolicy(name: string, options = {}): ResourceValidationPolicy {
  const policy = pulumiPolicies(options).find((p) => p.name === name);
  if (!policy || !("validateResource" in policy)) throw new Error(`no resource policy ${name}`);
  return policy;
}

function stackPolicy(name: string): StackValidationPolicy {
  const policy = pulumiPolicies().find((p) => p.name === name);
  if (!policy || !("validateStack" in policy)) throw new Error(`no stack policy ${name}`);
  return policy;
}

/** What the policy host passes a resource validation: inputs behind the host's unknown-checking proxy. */
function resourceArgs(
  type: string,
  urn: string,
  props: Record<string, unknown>,
  protect = false,
): ResourceValidationArgs {
  return {
    type,
    urn,
    name: urn.split("::").at(-1) ?? "",
    props: unknownCheckingProxy(props),
    opts: { ...OPTS, protect },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => ({}) as T,
    notApplicable,
  };
}

function policyResource(
  type: string,
  urn: string,
  props: Record<string, unknown>,
  propertyDependencies: Record<string, PolicyResource[]> = {},
): PolicyResource {
  return {
    type,
    urn,
    name: urn.split("::").at(-1) ?? "",
    props: unknownCheckingProxy(props),
    opts: OPTS,
    dependencies: [],
    propertyDependencies,
    isType: () => false,
    asType: () => undefined,
  };
}

function collect(): { reportViolation: ReportViolation; reported: { message: string; urn?: string }[] } {
  const reported: { message: string; urn?: string }[] = [];
  return { reported, reportViolation: (message, urn) => reported.push({ message, urn }) };
}

const validate = async (policy: ResourceValidationPolicy, args: ResourceValidationArgs) => {
  const { reported, reportViolation } = collect();
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : [policy.validateResource];
  for (const v of validations) await v?.(args, reportViolation);
  return reported.map((r) => r.message);
};

describe("the @pulumi/policy adapter", () => {
  it("makes one policy per rule, with the rule's name, description and enforcement level", () => {
    const policies = pulumiPolicies();
    expect(policies.map((p) => [p.name, p.enforcementLevel])).toEqual(
      RULES.map((r) => [r.name, r.enforcement]),
    );
    expect(policies.every((p) => p.description.length > 0)).toBe(true);
  });

  it("reports a resource rule's violation through reportViolation", async () => {
    const table = resourceArgs("aws:dynamodb/table:Table", TABLE_URN, {
      pointInTimeRecovery: { enabled: false },
    });
    expect(await validate(resourcePolicy("dynamodb-pitr"), table)).toEqual([
      'Table "orders" has no point-in-time recovery: set pointInTimeRecovery: { enabled: true }.',
    ]);
    const good = resourceArgs("aws:dynamodb/table:Table", TABLE_URN, {
      pointInTimeRecovery: { enabled: true },
    });
    expect(await validate(resourcePolicy("dynamodb-pitr"), good)).toEqual([]);
  });

  it("treats a value unknown during preview as set instead of aborting the rule", async () => {
    const table = resourceArgs("aws:dynamodb/table:Table", TABLE_URN, {
      serverSideEncryption: { enabled: true, kmsKeyArn: unknownStringValue },
    });
    expect(await validate(resourcePolicy("dynamodb-kms-encryption"), table)).toEqual([]);
  });

  it("reads the stack from the URN and protect from the resource options", async () => {
    const policy = resourcePolicy("stateful-protected-in-prod");
    expect(
      await validate(policy, resourceArgs("aws:dynamodb/table:Table", TABLE_URN, {}, false)),
    ).toHaveLength(1);
    expect(await validate(policy, resourceArgs("aws:dynamodb/table:Table", TABLE_URN, {}, true))).toEqual([]);
    expect(
      await validate(
        policy,
        resourceArgs("aws:dynamodb/table:Table", TABLE_URN.replace(":prod:", ":dev:"), {}, false),
      ),
    ).toEqual([]);
  });

  it("ignores resources of types a rule does not cover", async () => {
    expect(
      await validate(resourcePolicy("dynamodb-pitr"), resourceArgs("aws:sqs/queue:Queue", TABLE_URN, {})),
    ).toEqual([]);
  });

  it("does not report an exempted violation", async () => {
    const exemption: Exemption = {
      rule: "dynamodb-pitr",
      urn: TABLE_URN,
      reason: "x".repeat(20),
      owner: "@acme-data/data-ingestion",
      expires: "2099-01-01",
    };
    const table = resourceArgs("aws:dynamodb/table:Table", TABLE_URN, {});
    expect(await validate(resourcePolicy("dynamodb-pitr", { exemptions: [exemption] }), table)).toEqual([]);
  });

  it("runs stack rules over the stack, matching a companion whose bucket is unknown by its property dependency", async () => {
    const bucket = policyResource("aws:s3/bucket:Bucket", BUCKET_URN, { bucket: unknownStringValue });
    const flags = {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    };
    const block = policyResource(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      BLOCK_URN,
      { bucket: unknownStringValue, ...flags },
      { bucket: [bucket] },
    );
    const policy = stackPolicy("s3-public-access-blocked");
    const args = (resources: PolicyResource[]): StackValidationArgs => ({
      resources,
      stackTags: new Map(),
      getConfig: <T extends object>() => ({}) as T,
      notApplicable,
    });

    const withBlock = collect();
    await policy.validateStack(args([bucket, block]), withBlock.reportViolation);
    expect(withBlock.reported).toEqual([]);

    const withoutBlock = collect();
    await policy.validateStack(args([bucket]), withoutBlock.reportViolation);
    expect(withoutBlock.reported).toEqual([
      { urn: BUCKET_URN, message: expect.stringMatching(/^Bucket "raw" has no public access block/) },
    ]);
  });
});
