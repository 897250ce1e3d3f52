import { ENUM_INPUTS, isCheckedType, valuesAt } from "../enum-inputs";
import { resourceRule } from "../rule";
import { UNKNOWN } from "../subject";

/**
 * Mocks and previews accept any string; AWS and the provider do not. Every value of an
 * enum-valued input must be one the API's SDK enum (or the provider's own list) holds.
 */
export const enumInputValues = resourceRule(
  "enum-input-values",
  "mandatory",
  "Enum-valued inputs hold a value of the AWS SDK v3 enum (or the provider's own list) that the API validates.",
  (type) => ENUM_INPUTS[type] !== undefined,
  (subject) =>
    Object.entries(ENUM_INPUTS[subject.type] ?? {}).flatMap(([path, allowed]) =>
      valuesAt(subject.inputs, path)
        .filter((value) => value !== UNKNOWN && value !== "[secret]" && !allowed.values.includes(value))
        .map(
          (value) =>
            `sets ${path} to "${value}", which AWS rejects: use one of ${allowed.values.map((v) => `"${v}"`).join(", ")} (${allowed.source}).`,
        ),
    ),
);

/** A resource type nobody has checked for enum inputs fails until it is listed in ENUM_INPUTS. */
export const enumInputsKnown = resourceRule(
  "enum-inputs-known",
  "mandatory",
  "Every AWS resource type the platform declares has its enum-valued inputs listed for the enum check.",
  isCheckedType,
  (subject) =>
    ENUM_INPUTS[subject.type] === undefined
      ? `is a ${subject.type}, which the enum check does not know: list its enum-valued inputs (or {} if none) in packages/policy/src/enum-inputs.ts with their @aws-sdk/client-* enums.`
      : undefined,
);

export const enumRules = [enumInputValues, enumInputsKnown];
