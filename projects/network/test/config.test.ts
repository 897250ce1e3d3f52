import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { installMocks, readStackConfig } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";

installMocks({ project: "lakehouse-network", stack: "dev" });

import { networkConfig, networkConfigShape } from "../src/config";

const dev = readStackConfig(resolve(__dirname, "../../.."), "network", "dev").config;
const withOverrides = (overrides: Record<string, string>) => (key: string) =>
  overrides[key] ?? dev[`lakehouse-network:${key}`];

describe("network config", () => {
  it("reads the real dev stack file", () => {
    expect(networkConfig(withOverrides({}))).toMatchObject({
      vpcCidr: "10.20.0.0/16",
      availabilityZoneCount: 2,
      natGateways: "none",
    });
  });

  it("names the key and stack file for a CIDR the subnet layout cannot use", () => {
    expect(() => networkConfig(withOverrides({ vpcCidr: "10.20.0.0/24" }))).toThrow(
      /stacks\/network\/Pulumi\.dev\.yaml:\n {2}- lakehouse-network:vpcCidr: an IPv4 CIDR block from \/16 to \/20/,
    );
  });

  it("rejects a single AZ and an unknown NAT strategy in one error", () => {
    expect(() => networkConfig(withOverrides({ availabilityZoneCount: "1", natGateways: "two" }))).toThrow(
      /availabilityZoneCount: .*\n {2}- lakehouse-network:natGateways: .*expected none, single or one-per-az/,
    );
  });
});

describe("Pulumi.yaml", () => {
  it("declares every key the program reads and every key the stack files set", () => {
    const root = resolve(__dirname, "../../..");
    const project = readFileSync(resolve(__dirname, "../Pulumi.yaml"), "utf8");
    const configBlock = project.slice(project.indexOf("\nconfig:\n"));
    const declared = [...configBlock.matchAll(/^ {2}([A-Za-z]+):/gm)].map((m) => m[1]).sort();
    expect(declared).toEqual(Object.keys(networkConfigShape).sort());
    for (const stack of ["dev", "prod"]) {
      const keys = Object.keys(readStackConfig(root, "network", stack).config)
        .filter((k) => k.startsWith("lakehouse-network:"))
        .map((k) => k.slice("lakehouse-network:".length));
      for (const key of keys) expect(declared, `${stack}: ${key}`).toContain(key);
    }
  });
});
