import { describe, expect, it } from "vitest";
import {
  auroraBackupRetention,
  auroraDeletionProtection,
  auroraEncrypted,
  auroraNotPublic,
} from "../src/rules/rds";
import { check } from "./fixtures";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const SECURE = {
  engine: "aurora-postgresql",
  storageEncrypted: true,
  deletionProtection: true,
  backupRetentionPeriod: 7,
};

describe("Aurora rules", () => {
  it("pass an encrypted, deletion-protected production cluster and a private instance", () => {
    for (const rule of [auroraEncrypted, auroraDeletionProtection, auroraBackupRetention]) {
      expect(check(rule, CLUSTER, SECURE, { stack: "prod" })).toEqual([]);
    }
    expect(check(auroraNotPublic, INSTANCE, { publiclyAccessible: false })).toEqual([]);
  });

  it("aurora-encrypted fails unencrypted storage", () => {
    expect(check(auroraEncrypted, CLUSTER, { engine: "aurora-postgresql" })[0]).toMatch(
      /set storageEncrypted: true/,
    );
  });

  it("aurora-not-public fails a publicly accessible instance", () => {
    expect(check(auroraNotPublic, INSTANCE, { publiclyAccessible: true })[0]).toMatch(
      /is publicly accessible: set publiclyAccessible: false/,
    );
  });

  it("aurora-deletion-protection applies in production only", () => {
    const open = { ...SECURE, deletionProtection: false };
    expect(check(auroraDeletionProtection, CLUSTER, open, { stack: "prod" })).toEqual([
      'Cluster "it" can be deleted in production: set deletionProtection: true.',
    ]);
    expect(check(auroraDeletionProtection, CLUSTER, open, { stack: "dev" })).toEqual([]);
  });

  it("aurora-backup-retention (advisory) reports the 1-day default in production", () => {
    expect(
      check(
        auroraBackupRetention,
        CLUSTER,
        { ...SECURE, backupRetentionPeriod: undefined },
        { stack: "prod" },
      )[0],
    ).toMatch(/1 day \(the default\)/);
  });
});
