import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, loadConfig } from "../src";

const shape = {
  environment: z.string().min(1).describe("an environment name"),
  zones: z.number().int().min(2).describe("an integer >= 2"),
  admins: z.array(z.string().startsWith("arn:")).min(1).describe("a non-empty list of IAM ARNs"),
  retainData: z.boolean().default(true),
  version: z.string().default("16"),
};

function source(values: Record<string, string>) {
  return (key: string) => values[key];
}

beforeAll(() => {
  pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs },
    "lakehouse-network",
    "prod",
  );
});

describe("loadConfig", () => {
  it("parses numbers, booleans and lists from stack config strings and applies defaults", () => {
    const config = loadConfig(
      "network",
      shape,
      source({ environment: "prod", zones: "3", admins: '["arn:aws:iam::1:role/a"]', version: "17" }),
    );
    expect(config).toEqual({
      environment: "prod",
      zones: 3,
      admins: ["arn:aws:iam::1:role/a"],
      retainData: true,
      version: "17",
    });
  });

  it("keeps a string that happens to look like a number when a string is expected", () => {
    expect(loadConfig("network", { version: z.string() }, source({ version: "16" })).version).toBe("16");
  });

  it("names every bad or missing key, the stack file and the expectation in one error", () => {
    let error: ConfigError | undefined;
    try {
      loadConfig("network", shape, source({ zones: "two", admins: "[]" }));
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.file).toBe("stacks/network/Pulumi.prod.yaml");
    expect(error?.message).toBe(
      [
        "invalid configuration in stacks/network/Pulumi.prod.yaml:",
        "  - lakehouse-network:environment: Invalid input: expected string, received undefined (expected an environment name); missing",
        '  - lakehouse-network:zones: Invalid input: expected number, received string (expected an integer >= 2); got "two"',
        '  - lakehouse-network:admins: Too small: expected array to have >=1 items (expected a non-empty list of IAM ARNs); got "[]"',
      ].join("\n"),
    );
  });

  it("points into structured values", () => {
    expect(() =>
      loadConfig("network", { admins: shape.admins }, source({ admins: '["arn:ok", "role/x"]' })),
    ).toThrow(/lakehouse-network:admins\.1: Invalid string: must start with "arn:"/);
  });
});
