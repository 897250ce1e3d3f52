import { readStackConfig, runProgram } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";
import { program } from "../src/program";
import { repoRoot } from "./support/program";

describe("ingestion secrets", () => {
  it("names every missing secret with the command that sets it", async () => {
    const { config } = readStackConfig(repoRoot, "ingestion", "prod");
    const withoutSecrets = Object.fromEntries(
      Object.entries(config).filter(([key]) => !/ga4Client|ga4Refresh|dmsSourcePassword/.test(key)),
    );
    const failure = runProgram(program, {
      project: "lakehouse-ingestion",
      stack: "prod",
      config: withoutSecrets,
    });
    await expect(failure).rejects.toThrow(/invalid configuration in stacks\/ingestion\/Pulumi\.prod\.yaml/);
    await expect(failure).rejects.toThrow(/pulumi config set --secret ga4RefreshToken <value>/);
    await expect(failure).rejects.toThrow(/pulumi config set --secret dmsSourcePassword <value>/);
  });
});
