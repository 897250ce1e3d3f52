import { describe, expect, it } from "vitest";
import { ingestionConfigShape } from "../src/config";

describe("sourceRangeKey", () => {
  it("{} (the Pulumi.yaml default) means no sort key; a key attribute is kept; anything else is refused", () => {
    expect(ingestionConfigShape.sourceRangeKey.parse({})).toBeUndefined();
    expect(ingestionConfigShape.sourceRangeKey.parse({ name: "sk", type: "S" })).toEqual({
      name: "sk",
      type: "S",
    });
    expect(ingestionConfigShape.sourceRangeKey.safeParse({ name: "sk" }).success).toBe(false);
  });
});
