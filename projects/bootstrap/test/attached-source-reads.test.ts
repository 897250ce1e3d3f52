import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "@lakehouse/contracts";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ArnParts, attachedSourceStatements } from "../src/layer-permissions";

const repoRoot = resolve(__dirname, "../../..");
const parts: ArnParts = {
  account: "123456789012",
  region: "eu-west-1",
  prefix: "lakehouse-dev",
  underscored: "lakehouse_dev",
  env: "dev",
  boundaryArn: "arn:aws:iam::123456789012:policy/lakehouse-dev-workload-boundary",
};
/** The attached variant ingestion's tests plan (its owner's table, cluster and secret), as a stack file holds it. */
const attached = (
  parse(readFileSync(join(repoRoot, "projects/ingestion/test/attached/Pulumi.attached.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  }
).config;

describe("the ingestion deploy role's reads of attached sources", () => {
  it("grants nothing when the stack creates its sources", () => {
    expect(attachedSourceStatements({}, parts)).toEqual([]);
    expect(attachedSourceStatements({ "lakehouse-ingestion:attachedSourceTable": {} }, parts)).toEqual([]);
  });

  it("grants the lookups on exactly the named table, cluster and secret, and by type what only an answer names", () => {
    const statements = attachedSourceStatements(attached, parts);
    const granted = statements.flatMap((s) =>
      (s.Action as string[]).flatMap((a) => [s.Resource].flat().map((r) => `${a} ${r}`)),
    );
    expect(granted.sort()).toEqual(
      [
        "dynamodb:DescribeContinuousBackups arn:aws:dynamodb:eu-west-1:123456789012:table/orders-app",
        "dynamodb:DescribeTable arn:aws:dynamodb:eu-west-1:123456789012:table/orders-app",
        "dynamodb:DescribeTimeToLive arn:aws:dynamodb:eu-west-1:123456789012:table/orders-app",
        "dynamodb:ListTagsOfResource arn:aws:dynamodb:eu-west-1:123456789012:table/orders-app",
        "ec2:DescribeSecurityGroupRules *",
        "kms:DescribeKey arn:aws:kms:eu-west-1:123456789012:key/*",
        "rds:DescribeDBClusterParameters arn:aws:rds:eu-west-1:123456789012:cluster-pg:*",
        "rds:DescribeDBClusters arn:aws:rds:eu-west-1:123456789012:cluster:orders-db",
        "rds:DescribeDBSubnetGroups arn:aws:rds:eu-west-1:123456789012:subgrp:*",
        "secretsmanager:DescribeSecret arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db/dms-replication-Ab12Cd",
        "secretsmanager:GetResourcePolicy arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db/dms-replication-Ab12Cd",
      ].sort(),
    );
    expect(
      statements.every((s) => s.Effect === "Allow" && String(s.Sid).startsWith("ReadAttachedSources")),
    ).toBe(true);
  });

  it("reads a value given as JSON text as the program does, and names the stack file when a reference lacks its keys", () => {
    const json = Object.fromEntries(Object.entries(attached).map(([k, v]) => [k, JSON.stringify(v)]));
    expect(attachedSourceStatements(json, parts)).toEqual(attachedSourceStatements(attached, parts));
    expect(() =>
      attachedSourceStatements(
        { "lakehouse-ingestion:attachedAuroraCluster": { clusterIdentifier: "x" } },
        parts,
      ),
    ).toThrow(ConfigError);
    expect(() =>
      attachedSourceStatements(
        { "lakehouse-ingestion:attachedAuroraCluster": { clusterIdentifier: "x" } },
        parts,
      ),
    ).toThrow(
      /stacks\/ingestion\/Pulumi\.dev\.yaml[\s\S]*attachedAuroraCluster: no `clusterIdentifier` or `secretArn`/,
    );
  });
});
