import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { POLICY_PACK_NAME, RULES } from "../src";

const { PolicyPack } = vi.hoisted(() => ({ PolicyPack: vi.fn() }));
vi.mock("@pulumi/policy", async (original) => ({
  ...(await original<typeof import("@pulumi/policy")>()),
  PolicyPack,
}));

const packageDir = join(__dirname, "..");
const require = createRequire(join(packageDir, "package.json"));

describe("the policy pack entry", () => {
  it("is what the Pulumi policy host loads: the package directory resolves to index.ts", () => {
    expect(require.resolve(packageDir)).toBe(join(packageDir, "index.ts"));
  });

  it("is not what workspace code imports: @lakehouse/policy resolves to the rules (src/index.ts)", () => {
    expect(require.resolve("@lakehouse/policy")).toBe(join(packageDir, "src", "index.ts"));
  });

  it("serves lakehouse-guardrails with every rule", async () => {
    await import("../index.js");
    expect(PolicyPack).toHaveBeenCalledTimes(1);
    const [name, args] = PolicyPack.mock.calls[0] ?? [];
    expect(name).toBe(POLICY_PACK_NAME);
    expect(name).toBe("lakehouse-guardrails");
    expect(args.policies.map((p: { name: string }) => p.name)).toEqual(RULES.map((r) => r.name));
  });
});
