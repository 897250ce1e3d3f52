import { ofType, resourceRule } from "../rule";

export const kmsKeyRotation = resourceRule(
  "kms-key-rotation",
  "mandatory",
  "Symmetric KMS keys rotate their key material automatically.",
  ofType("aws:kms/key:Key"),
  (key) => {
    const spec = key.inputs.customerMasterKeySpec ?? key.inputs.keySpec;
    // AWS rotates only symmetric encryption keys; asymmetric and HMAC keys cannot rotate.
    if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") return undefined;
    if (key.inputs.keyUsage !== undefined && key.inputs.keyUsage !== "ENCRYPT_DECRYPT") return undefined;
    return key.inputs.enableKeyRotation === true
      ? undefined
      : "does not rotate: set enableKeyRotation: true (optionally rotationPeriodInDays, default 365).";
  },
);

export const kmsRules = [kmsKeyRotation];
