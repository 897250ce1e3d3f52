import type { EngineEvent } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { fromEvents } from "../src/deploy/automation-driver";
import { renderComment } from "../src/pr-preview/render-comment";

const urn = "urn:pulumi:dev::lakehouse-ingestion::aws:dynamodb/table:Table::orders";
const pre = (op: string, logical: boolean): EngineEvent =>
  ({
    sequence: 0,
    timestamp: 0,
    resourcePreEvent: {
      metadata: { op, urn, type: "aws:dynamodb/table:Table", logical, keys: ["hashKey"], diffs: ["hashKey"] },
    },
  }) as unknown as EngineEvent;

describe("a replaced resource is counted once", () => {
  // What the engine emits for one create-before-delete replacement: the non-logical
  // create-replacement and delete-replaced steps around the logical replace step.
  const events = [pre("create-replacement", false), pre("replace", true), pre("delete-replaced", false)];

  it("one replace step from the engine's three", () => {
    expect(fromEvents(events).steps).toEqual([
      { urn, type: "aws:dynamodb/table:Table", op: "replace", replaceKeys: ["hashKey"], diffs: ["hashKey"] },
    ]);
  });

  it("listed once in the pull request comment", () => {
    const { steps } = fromEvents(events);
    const comment = renderComment({
      stack: "dev",
      base: "origin/main",
      affected: ["ingestion"],
      reasons: { ingestion: ["projects/ingestion/src/config.ts"] },
      runs: [
        {
          layer: "ingestion",
          status: "succeeded",
          durationMs: 1,
          changes: { create: 0, update: 0, replace: 1, delete: 0, same: 3 },
          result: {
            changes: { create: 0, update: 0, replace: 1, delete: 0, same: 3 },
            steps,
            policyViolations: [],
            outputChanges: [],
            stdout: "",
          },
        },
      ],
    });
    expect(comment.match(/\*\*replace\*\* `aws:dynamodb\/table:Table` `orders`/g)).toHaveLength(1);
  });
});
