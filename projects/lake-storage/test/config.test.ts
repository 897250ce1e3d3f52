import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError } from "@lakehouse/contracts";
import { installMocks, readStackConfig } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";

installMocks({ project: "lakehouse-lake-storage", stack: "prod" });

import { lakeStorageConfig, lakeStorageConfigShape } from "../src/config";

const repoRoot = resolve(__dirname, "../../..");
const prod = readStackConfig(repoRoot, "lake-storage", "prod").config;

/** The real prod config with some keys replaced (JSON, as the engine passes structured values). */
function configWith(overrides: Record<string, unknown>) {
  return (key: string) =>
    key in overrides ? JSON.stringify(overrides[key]) : prod[`lakehouse-lake-storage:${key}`];
}

function problemsOf(overrides: Record<string, unknown>): string {
  try {
    lakeStorageConfig(configWith(overrides));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("lake-storage config", () => {
  it("accepts the real dev and prod stack files", () => {
    const config = lakeStorageConfig(configWith({}));
    expect(config.rawLifecycle.expirationDays).toBe(730);
    expect(config.lakeFormationAdmins.length).toBeGreaterThan(0);
    const dev = readStackConfig(repoRoot, "lake-storage", "dev").config;
    expect(lakeStorageConfig((k) => dev[`lakehouse-lake-storage:${k}`]).allowDataDestruction).toBe(true);
  });

  it("rejects a lifecycle day count below 1, naming the key and the stack file", () => {
    const message = problemsOf({ rawLifecycle: { transitions: [], expirationDays: 0 } });
    expect(message).toContain("stacks/lake-storage/Pulumi.prod.yaml");
    expect(message).toContain(
      "lakehouse-lake-storage:rawLifecycle.expirationDays: expirationDays must be at least 1 day",
    );
    expect(problemsOf({ resultsExpirationDays: 0 })).toContain(
      "lakehouse-lake-storage:resultsExpirationDays: resultsExpirationDays must be at least 1 day",
    );
  });

  it("rejects transitions S3 would refuse or that outlive the expiry", () => {
    expect(
      problemsOf({
        rawLifecycle: { transitions: [{ days: 10, storageClass: "STANDARD_IA" }], expirationDays: 90 },
      }),
    ).toContain(
      "rawLifecycle.transitions.0.days: S3 moves objects to STANDARD_IA after 30 days at the earliest",
    );
    expect(
      problemsOf({
        rawLifecycle: { transitions: [{ days: 90, storageClass: "GLACIER_IR" }], expirationDays: 60 },
      }),
    ).toContain("rawLifecycle.expirationDays: must be later than the last transition (90 days)");
  });

  it("rejects an unknown LF-tag value on a database, listing the allowed values", () => {
    const message = problemsOf({
      databaseLfTags: {
        raw: { domain: "platform", sensitivity: "top-secret" },
        refined: { domain: "sales", sensitivity: "internal" },
        cdc: { domain: "sales", sensitivity: "internal" },
      },
    });
    expect(message).toContain("stacks/lake-storage/Pulumi.prod.yaml");
    expect(message).toContain(
      'lakehouse-lake-storage:databaseLfTags.raw.sensitivity: unknown LF-tag value "top-secret" (lfTags.sensitivity allows: public, internal, confidential)',
    );
  });

  it("rejects a database missing a tag, or a tag key that is not in the ontology", () => {
    const message = problemsOf({
      databaseLfTags: {
        raw: { domain: "platform" },
        refined: { domain: "sales", sensitivity: "internal", owner: "me" },
        cdc: { domain: "sales", sensitivity: "internal" },
      },
    });
    expect(message).toContain("databaseLfTags.raw.sensitivity: missing");
    expect(message).toContain('databaseLfTags.refined.owner: unknown LF-tag "owner"');
  });

  it("rejects an empty Lake Formation admin list and non-ARN admins", () => {
    expect(problemsOf({ lakeFormationAdmins: [] })).toContain(
      "lakehouse-lake-storage:lakeFormationAdmins: at least one Lake Formation admin is required",
    );
    expect(problemsOf({ lakeFormationAdmins: ["alice"] })).toContain(
      "lakehouse-lake-storage:lakeFormationAdmins.0: an IAM role or user ARN",
    );
  });

  it("rejects LF-tags without values or with duplicates", () => {
    expect(problemsOf({ lfTags: { domain: [], sensitivity: ["internal"] } })).toContain(
      "lakehouse-lake-storage:lfTags.domain: needs at least one value",
    );
    expect(problemsOf({ lfTags: { domain: ["sales", "sales"], sensitivity: ["internal"] } })).toContain(
      "lfTags.domain: values must be unique",
    );
  });
});

describe("Pulumi.yaml", () => {
  it("declares every key the program reads and every key the stack files set", () => {
    const root = resolve(__dirname, "../../..");
    const project = readFileSync(resolve(__dirname, "../Pulumi.yaml"), "utf8");
    const configBlock = project.slice(project.indexOf("\nconfig:\n"));
    const declared = [...configBlock.matchAll(/^ {2}([A-Za-z]+):/gm)].map((m) => m[1]).sort();
    expect(declared).toEqual(Object.keys(lakeStorageConfigShape).sort());
    for (const stack of ["dev", "prod"]) {
      const keys = Object.keys(readStackConfig(root, "lake-storage", stack).config)
        .filter((k) => k.startsWith("lakehouse-lake-storage:"))
        .map((k) => k.slice("lakehouse-lake-storage:".length));
      for (const key of keys) expect(declared, `${stack}: ${key}`).toContain(key);
    }
  });
});
