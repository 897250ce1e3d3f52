import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LAYERS } from "@lakehouse/contracts";
import { declaredSecrets } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { missingRequiredConfig } from "../src/deploy/required-config";
import { REPO_ROOT } from "../src/repo-root";
import { lakehouse } from "./support/cli";

describe("required config and secrets are checked before Pulumi runs", () => {
  it("no stack file holds a placeholder where Pulumi expects ciphertext", () => {
    // stacks/<project>/Pulumi.<stack>.yaml (stacks/accounts.yaml is the topology, not a stack file)
    for (const dir of readdirSync(join(REPO_ROOT, "stacks"), { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const file of readdirSync(join(REPO_ROOT, "stacks", dir.name))) {
        const config = (parse(readFileSync(join(REPO_ROOT, "stacks", dir.name, file), "utf8"))?.config ??
          {}) as Record<string, unknown>;
        for (const [key, value] of Object.entries(config)) {
          const secure = (value as { secure?: string } | null)?.secure;
          if (secure !== undefined)
            expect(secure, `stacks/${dir.name}/${file} ${key}`).toMatch(/^v1:[^:]+:[^:]+$/);
        }
      }
    }
  });

  it("names every secret a project declares that the stack file does not hold, with the command that sets it", () => {
    const secrets = declaredSecrets(REPO_ROOT, "ingestion");
    expect(secrets.length).toBeGreaterThan(0);
    const problems = missingRequiredConfig(REPO_ROOT, "ingestion", "dev");
    expect(problems).toHaveLength(secrets.length);
    for (const name of secrets) {
      const key = name.split(":")[1];
      expect(problems).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^stacks/ingestion/Pulumi\\.dev\\.yaml: secret ${name} is not set \\(.+\\); set it: \\(cd projects/ingestion && pulumi config set --secret --stack dev ${key} '<value>'\\)$`,
          ),
        ),
      );
    }
    for (const layer of LAYERS.filter((l) => l !== "ingestion"))
      expect(missingRequiredConfig(REPO_ROOT, layer, "dev")).toEqual([]);
  });

  it("accepts secrets set with pulumi config set --secret, and names a missing required plain key", () => {
    const root = mkdtempSync(join(tmpdir(), "lakehouse-required-"));
    mkdirSync(join(root, "projects/ingestion"), { recursive: true });
    mkdirSync(join(root, "stacks/ingestion"), { recursive: true });
    cpSync(join(REPO_ROOT, "projects/ingestion/Pulumi.yaml"), join(root, "projects/ingestion/Pulumi.yaml"));
    const stackText = readFileSync(join(REPO_ROOT, "stacks/ingestion/Pulumi.dev.yaml"), "utf8");
    const withSecrets = `${stackText.replace(/\n*$/, "\n")}${declaredSecrets(REPO_ROOT, "ingestion")
      .map((k) => `  ${k}:\n    secure: v1:7XvhIhgxcqQ8dD1N:Bv6a2cU1cQ4cVq6sFz0ZbA==\n`)
      .join("")}`;
    writeFileSync(join(root, "stacks/ingestion/Pulumi.dev.yaml"), withSecrets);
    expect(missingRequiredConfig(root, "ingestion", "dev")).toEqual([]);

    writeFileSync(
      join(root, "stacks/ingestion/Pulumi.dev.yaml"),
      withSecrets.replace(/^ {2}lakehouse-ingestion:ga4PropertyId: .*\n/m, ""),
    );
    expect(missingRequiredConfig(root, "ingestion", "dev")).toEqual([
      expect.stringMatching(
        /^stacks\/ingestion\/Pulumi\.dev\.yaml: lakehouse-ingestion:ga4PropertyId is not set .*pulumi config set --stack dev ga4PropertyId '<value>'\)$/,
      ),
    ]);
  });

  it("lakehouse preview stops with one line per missing secret and exit 2, before looking for the Pulumi CLI", () => {
    const r = lakehouse(["preview", "--stack", "dev", "--layers", "ingestion"], {
      PULUMI_CONFIG_PASSPHRASE: "x",
    });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(declaredSecrets(REPO_ROOT, "ingestion").length);
    for (const line of lines)
      expect(line).toMatch(/^lakehouse: stacks\/ingestion\/Pulumi\.dev\.yaml: secret /);
  });
});
