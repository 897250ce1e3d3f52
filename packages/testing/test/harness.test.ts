import { describe, expect, it } from "vitest";
import {
  declaredSecrets,
  installMocks,
  MOCK_ACCOUNT_ID,
  outputValue,
  policyOf,
  readStackConfig,
  runProgram,
} from "../src";

const { recorder } = installMocks({ project: "lakehouse-ingestion", stack: "dev" });

import { layer, missingOutputMessage, placementOf } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

describe("mock harness", () => {
  it("gives buckets and roles the ARNs AWS would", async () => {
    const bucket = new aws.s3.Bucket("raw", { bucket: "lakehouse-dev-raw" });
    const role = new aws.iam.Role("reader", {
      name: "lakehouse-reader",
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
    });
    const unnamed = new aws.s3.Bucket("scratch");
    expect(await outputValue(bucket.arn)).toBe("arn:aws:s3:::lakehouse-dev-raw");
    expect(await outputValue(role.arn)).toBe(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/lakehouse-reader`);
    expect(await outputValue(unnamed.bucket)).toMatch(/^scratch-[0-9a-f]{7}$/);
    const key = new aws.kms.Key("data", {});
    expect(await outputValue(key.arn)).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\/[0-9a-f-]{36}$/);
  });

  it("records resources with their type, name, inputs and parent", async () => {
    class Box extends pulumi.ComponentResource {
      constructor(name: string) {
        super("lakehouse:test:Box", name);
        new aws.sqs.Queue(`${name}-queue`, { sqsManagedSseEnabled: true }, { parent: this, protect: true });
        this.registerOutputs({});
      }
    }
    const box = new Box("box");
    await outputValue(box.urn);
    await new Promise((r) => setTimeout(r, 50));
    const queue = recorder.get("aws:sqs/queue:Queue", "box-queue");
    expect(queue.inputs.sqsManagedSseEnabled).toBe(true);
    expect(queue.protect).toBe(true);
    expect(queue.parent).toBe(await outputValue(box.urn));
    expect(queue.id).toMatch(/^https:\/\/sqs\.eu-west-1\.amazonaws\.com\/123456789012\//);
    expect(() => recorder.get("aws:sqs/queue:Queue", "missing")).toThrow(/found 0; .*box-queue/);
  });

  it("renders getPolicyDocument to real IAM JSON", async () => {
    const doc = await aws.iam.getPolicyDocument({
      statements: [
        {
          sid: "Read",
          actions: ["s3:GetObject"],
          resources: ["arn:aws:s3:::b/raw/*", "arn:aws:s3:::b/x/*"],
          principals: [{ type: "Service", identifiers: ["glue.amazonaws.com"] }],
          conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }],
        },
      ],
    });
    expect(policyOf(doc.json)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Read",
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: ["arn:aws:s3:::b/raw/*", "arn:aws:s3:::b/x/*"],
          Principal: { Service: "glue.amazonaws.com" },
          Condition: { Bool: { "aws:SecureTransport": "true" } },
        },
      ],
    });
  });

  it("answers the caller identity and session context invokes", async () => {
    const identity = await aws.getCallerIdentity();
    const session = await aws.iam.getSessionContext({ arn: identity.arn });
    expect(identity.accountId).toBe(MOCK_ACCOUNT_ID);
    expect(session.issuerArn).toBe(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/lakehouse-deployer`);
  });

  it("fails loudly on an invoke it has no fake for", async () => {
    await expect(aws.ec2.getVpc({ default: true })).rejects.toThrow();
  });

  it("answers stack references from the producing layer's contract fixture", async () => {
    const storage = layer("lake-storage");
    expect(storage.stackName).toBe("organization/lakehouse-lake-storage/dev");
    expect(await outputValue(storage.require("rawBucketName"))).toBe("lakehouse-dev-raw-123456789012");
  });
});

describe("runProgram", () => {
  it("returns a program's outputs, its resources and the stack outputs it read", async () => {
    const run = await runProgram(
      () => {
        const storage = layer("lake-storage");
        const b = new aws.s3.Bucket("b", { bucket: "x" });
        return { name: b.bucket, raw: storage.require("rawBucketName") };
      },
      { project: "lakehouse-ingestion", stack: "prod" },
    );
    // prod's fixture answers in prod's own account (stacks/accounts.yaml)
    expect(run.outputs).toEqual({ name: "x", raw: `lakehouse-prod-raw-${placementOf("prod").account}` });
    expect(run.recorder.ofType("aws:s3/bucket:Bucket").map((r) => r.name)).toEqual(["b"]);
    expect(run.references).toEqual([{ layer: "lake-storage", keys: ["rawBucketName"] }]);
  });

  it("names the producing layer, its stack and the key when an output is missing", () => {
    expect(missingOutputMessage("lake-storage", "organization/lakehouse-lake-storage/dev", "nope")).toMatch(
      /^layer "lake-storage" \(stack organization\/lakehouse-lake-storage\/dev\) does not export output "nope"/,
    );
  });
});

describe("readStackConfig", () => {
  const repoRoot = require("node:path").resolve(__dirname, "../../..");

  it("applies the defaults the project's Pulumi.yaml declares, under the stack file's values", () => {
    const { config, file } = readStackConfig(repoRoot, "bootstrap", "dev");
    expect(file).toBe("stacks/bootstrap/Pulumi.dev.yaml");
    expect(config["lakehouse-bootstrap:environment"]).toBe("dev");
    expect(config["lakehouse-bootstrap:deployBranch"]).toBe("main");
    expect(config["lakehouse-bootstrap:stateVersionRetentionDays"]).toBe("90");
  });

  it("names the missing stack file", () => {
    expect(() => readStackConfig(repoRoot, "network", "qa")).toThrow(
      /stack file stacks\/network\/Pulumi\.qa\.yaml not found/,
    );
  });
});

describe("readStackConfig and declared secrets", () => {
  const repoRoot = require("node:path").resolve(__dirname, "../../..");

  it("supplies an offline test value, marked secret, for each secret the project declares", () => {
    const secrets = declaredSecrets(repoRoot, "ingestion");
    expect(secrets).toContain("lakehouse-ingestion:ga4ClientSecret");
    const { config, secretKeys } = readStackConfig(repoRoot, "ingestion", "dev");
    for (const key of secrets) {
      expect(config[key]).toBe(`offline-test-secret-for-${key}`);
      expect(secretKeys).toContain(key);
    }
  });
});

describe("mock harness URNs", () => {
  it("forms URNs as the engine does: the parent's whole type chain, no Stack prefix", async () => {
    class Outer extends pulumi.ComponentResource {
      constructor(name: string) {
        super("lakehouse:test:Outer", name);
        const inner = new pulumi.ComponentResource(
          "lakehouse:test:Inner",
          `${name}-inner`,
          {},
          { parent: this },
        );
        new aws.sqs.Queue(`${name}-q`, {}, { parent: inner });
      }
    }
    const run = await runProgram(
      async () => {
        new Outer("chain");
        return {};
      },
      { project: "lakehouse-ingestion", stack: "dev" },
    );
    const queue = run.recorder.resources.find((r) => r.name === "chain-q");
    // resource.ts createUrn: the parent's URN up to its last "::", then "$" and the type
    expect(queue?.urn).toBe(
      "urn:pulumi:dev::lakehouse-ingestion::lakehouse:test:Outer$lakehouse:test:Inner$aws:sqs/queue:Queue::chain-q",
    );
    const outer = run.recorder.resources.find((r) => r.name === "chain");
    expect(outer?.urn).toBe("urn:pulumi:dev::lakehouse-ingestion::lakehouse:test:Outer::chain");
  });

  it("records the URNs a resource's own aliases name, in the engine's form", async () => {
    const run = await runProgram(
      async () => {
        const parent = new pulumi.ComponentResource("lakehouse:test:Holder", "holder");
        new aws.sqs.Queue(
          "renamed",
          {},
          { parent, aliases: [{ name: "old-name" }, { parent: pulumi.rootStackResource }] },
        );
        return {};
      },
      { project: "lakehouse-ingestion", stack: "dev" },
    );
    const queue = run.recorder.resources.find((r) => r.name === "renamed");
    expect(queue?.aliases).toEqual([
      "urn:pulumi:dev::lakehouse-ingestion::lakehouse:test:Holder$aws:sqs/queue:Queue::old-name",
      "urn:pulumi:dev::lakehouse-ingestion::aws:sqs/queue:Queue::renamed",
    ]);
    expect(queue?.retainOnDelete).toBe(false);
  });
});
