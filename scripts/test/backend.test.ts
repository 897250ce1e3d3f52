import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/args";
import { resolveBackend } from "../src/deploy/backend";

const repo = () => mkdtempSync(join(tmpdir(), "lakehouse-backend-"));

describe("resolveBackend", () => {
  it("defaults to a file backend in the repository, creating its folder", () => {
    const root = repo();
    const b = resolveBackend(root, { PULUMI_CONFIG_PASSPHRASE: "pw" });
    expect(b.url).toBe(`file://${root}/.pulumi-state`);
    expect(existsSync(join(root, ".pulumi-state"))).toBe(true);
    expect(b.envVars).toEqual({ PULUMI_BACKEND_URL: b.url, PULUMI_CONFIG_PASSPHRASE: "pw" });
    expect(b.secretsProvider).toBeUndefined();
  });

  it("fails before anything runs when a file backend has no passphrase and no KMS provider", () => {
    expect(() => resolveBackend(repo(), {})).toThrow(UsageError);
    expect(() => resolveBackend(repo(), {})).toThrow(
      /needs a secrets provider: set PULUMI_CONFIG_PASSPHRASE .* or LAKEHOUSE_SECRETS_PROVIDER=awskms:/,
    );
    expect(() => resolveBackend(repo(), { PULUMI_BACKEND_URL: "s3://state-bucket" })).toThrow(
      /s3:\/\/state-bucket needs a secrets provider/,
    );
  });

  it("uses the bootstrap's KMS secrets provider, and accepts a passphrase file", () => {
    const kms = resolveBackend(repo(), {
      PULUMI_BACKEND_URL: "s3://lakehouse-dev-pulumi-state",
      LAKEHOUSE_SECRETS_PROVIDER: "awskms://1234abcd?region=eu-west-1",
    });
    expect(kms).toEqual({
      url: "s3://lakehouse-dev-pulumi-state",
      secretsProvider: "awskms://1234abcd?region=eu-west-1",
      envVars: { PULUMI_BACKEND_URL: "s3://lakehouse-dev-pulumi-state" },
    });
    const root = repo();
    writeFileSync(join(root, "pass"), "pw");
    expect(resolveBackend(root, { PULUMI_CONFIG_PASSPHRASE_FILE: join(root, "pass") }).envVars).toMatchObject(
      {
        PULUMI_CONFIG_PASSPHRASE_FILE: join(root, "pass"),
      },
    );
  });

  it("names a missing backend folder, passphrase file or a non-KMS secrets provider", () => {
    expect(() =>
      resolveBackend(repo(), { PULUMI_BACKEND_URL: "file:///nowhere/state", PULUMI_CONFIG_PASSPHRASE: "x" }),
    ).toThrow("PULUMI_BACKEND_URL=file:///nowhere/state: the folder /nowhere/state does not exist");
    expect(() => resolveBackend(repo(), { PULUMI_CONFIG_PASSPHRASE_FILE: "/nowhere/pass" })).toThrow(
      "PULUMI_CONFIG_PASSPHRASE_FILE=/nowhere/pass: no such file",
    );
    expect(() => resolveBackend(repo(), { LAKEHOUSE_SECRETS_PROVIDER: "passphrase" })).toThrow(
      /expected an awskms:\/\/ URL/,
    );
  });

  it("needs no secrets settings for Pulumi Cloud, which manages secrets itself", () => {
    expect(resolveBackend(repo(), { PULUMI_BACKEND_URL: "https://api.pulumi.com" }).url).toBe(
      "https://api.pulumi.com",
    );
  });
});
