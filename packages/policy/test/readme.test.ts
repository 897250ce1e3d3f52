import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../src";

describe("the package README", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  const documented = [...readme.matchAll(/^\| `([a-z0-9-]+)` +\| (mandatory|advisory) +\|/gm)].map((m) => [
    m[1],
    m[2],
  ]);

  it("lists every rule with its enforcement level, and no rule that does not exist", () => {
    expect(documented).toEqual(RULES.map((r) => [r.name, r.enforcement]));
  });
});
