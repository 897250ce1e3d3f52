import taggableTypes from "@lakehouse/components/src/core/taggable-types.json";
import { PLATFORM_TAG_KEYS } from "@lakehouse/contracts";
import { resourceRule } from "../rule";
import { isRecord } from "../values";

/** The AWS types that take `tags`, read from the installed @pulumi/aws (the same list startLayer tags). */
const TAGGABLE = new Set<string>(taggableTypes);

export const platformTags = resourceRule(
  "platform-tags",
  "mandatory",
  `Every taggable AWS resource carries the platform tags (${PLATFORM_TAG_KEYS.join(", ")}).`,
  (type) => TAGGABLE.has(type),
  (resource) => {
    const tags = isRecord(resource.inputs.tags) ? resource.inputs.tags : {};
    const missing = PLATFORM_TAG_KEYS.filter((key) => typeof tags[key] !== "string" || tags[key] === "");
    return missing.length === 0
      ? undefined
      : `lacks the platform tag(s) ${missing.join(", ")}: call startLayer(...) at the start of the program (it tags every taggable resource), and do not overwrite those keys with empty values.`;
  },
);

export const tagRules = [platformTags];
