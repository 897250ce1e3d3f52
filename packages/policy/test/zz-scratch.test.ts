import { existsSync, readdirSync, readFileSync } from "node:fs";
import { test } from "vitest";
import { evaluateOffline, formatViolation } from "../src";

test("x", () => {
  for (const dir of (process.env.PLAN_DIRS ?? "").split(",")) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const plan = JSON.parse(readFileSync(`${dir}/${f}`, "utf8"));
      const r = evaluateOffline(plan.resources, { stack: plan.stack });
      for (const v of r.mandatory) console.log("M", plan.layer, formatViolation(v));
      for (const v of r.advisory) console.log("A", plan.layer, formatViolation(v));
    }
  }
});
