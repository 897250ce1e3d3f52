import { describe, expect, it } from "vitest";
import { kmsKeyRotation } from "../src/rules/kms";
import { check } from "./fixtures";

const KEY = "aws:kms/key:Key";

describe("kms-key-rotation", () => {
  it("passes a symmetric key that rotates", () => {
    expect(check(kmsKeyRotation, KEY, { enableKeyRotation: true })).toEqual([]);
  });

  it("fails a key that does not rotate, saying how to turn rotation on", () => {
    expect(check(kmsKeyRotation, KEY, {})).toEqual([
      'Key "it" does not rotate: set enableKeyRotation: true (optionally rotationPeriodInDays, default 365).',
    ]);
    expect(check(kmsKeyRotation, KEY, { enableKeyRotation: false })).toHaveLength(1);
  });

  it("does not ask asymmetric or HMAC keys to rotate (AWS cannot)", () => {
    expect(
      check(kmsKeyRotation, KEY, { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
    ).toEqual([]);
    expect(
      check(kmsKeyRotation, KEY, { customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }),
    ).toEqual([]);
  });
});
