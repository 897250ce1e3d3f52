import { TableOptimizerType } from "@aws-sdk/client-glue";
import { describe, expect, it } from "vitest";
import { ENUM_INPUTS, valuesAt } from "../src/enum-inputs";
import { enumInputsKnown, enumInputValues } from "../src/rules/enums";
import { check } from "./fixtures";

const OPTIMIZER = "aws:glue/catalogTableOptimizer:CatalogTableOptimizer";

describe("enum-input-values", () => {
  it("passes the values Glue's TableOptimizerType holds", () => {
    for (const type of Object.values(TableOptimizerType))
      expect(check(enumInputValues, OPTIMIZER, { type, configuration: {} })).toEqual([]);
  });

  it("fails the camel-case optimizer type the provider rejects, naming the SDK enum and the allowed values", () => {
    const [message] = check(enumInputValues, OPTIMIZER, { type: "orphanFileDeletion" });
    expect(message).toMatch(/sets type to "orphanFileDeletion", which AWS rejects/);
    expect(message).toContain('"orphan_file_deletion"');
    expect(message).toContain("@aws-sdk/client-glue TableOptimizerType");
  });

  it("reads values inside lists of blocks, e.g. an AppFlow task's operator", () => {
    const flow = "aws:appflow/flow:Flow";
    const tasks = [{ taskType: "Map", connectorOperators: [{ customConnector: "NO_OP" }] }];
    expect(check(enumInputValues, flow, { tasks })).toEqual([]);
    const bad = [{ taskType: "Map", connectorOperators: [{ customConnector: "NOOP" }] }];
    expect(check(enumInputValues, flow, { tasks: bad })[0]).toMatch(
      /tasks.connectorOperators.customConnector to "NOOP"/,
    );
  });

  it("uses the provider's own list where it translates the value (DMS S3 compression)", () => {
    const s3 = "aws:dms/s3Endpoint:S3Endpoint";
    expect(check(enumInputValues, s3, { compressionType: "GZIP" })).toEqual([]);
    expect(check(enumInputValues, s3, { compressionType: "gzip" })[0]).toMatch(/enum.go/);
  });

  it("skips values a preview cannot know yet and secrets", () => {
    expect(check(enumInputValues, OPTIMIZER, { type: "[unknown]" })).toEqual([]);
    expect(check(enumInputValues, OPTIMIZER, { type: "[secret]" })).toEqual([]);
  });

  it("lists only sets with values (an SDK enum that disappeared would fail at load)", () => {
    for (const [type, inputs] of Object.entries(ENUM_INPUTS))
      for (const [path, allowed] of Object.entries(inputs)) {
        expect(allowed.values.length, `${type} ${path}`).toBeGreaterThan(0);
        expect(allowed.source, `${type} ${path}`).toMatch(/@aws-sdk\/client-|terraform-provider-aws/);
      }
  });
});

describe("enum-inputs-known", () => {
  it("fails an AWS resource type the enum check does not know", () => {
    expect(check(enumInputsKnown, "aws:mq/broker:Broker", {})[0]).toMatch(/enum-inputs.ts/);
  });

  it("passes a known type, and leaves components and providers alone", () => {
    expect(check(enumInputsKnown, OPTIMIZER, {})).toEqual([]);
    expect(enumInputsKnown.appliesTo("lakehouse:storage:SecureBucket")).toBe(false);
    expect(enumInputsKnown.appliesTo("pulumi:providers:aws")).toBe(false);
  });
});

describe("valuesAt", () => {
  it("flattens lists at every step", () => {
    expect(valuesAt({ a: [{ b: ["x", "y"] }, { b: "z" }] }, "a.b")).toEqual(["x", "y", "z"]);
  });
});
