import { describe, expect, it } from "vitest";
import { platformTags } from "../src/rules/tags";
import { check, TAGS } from "./fixtures";

describe("platform-tags", () => {
  it("passes a taggable resource with every platform tag", () => {
    expect(check(platformTags, "aws:sqs/queue:Queue", { tags: TAGS })).toEqual([]);
  });

  it("fails a resource missing tags, naming the missing keys", () => {
    const { "owner-team": _, ...partial } = TAGS;
    expect(check(platformTags, "aws:sqs/queue:Queue", { tags: { ...partial, environment: "" } })).toEqual([
      'Queue "it" lacks the platform tag(s) environment, owner-team: call startLayer(...) at the start of the program (it tags every taggable resource), and do not overwrite those keys with empty values.',
    ]);
  });

  it("applies to the types @pulumi/aws lets you tag, and to no others", () => {
    expect(platformTags.appliesTo("aws:s3/bucket:Bucket")).toBe(true);
    expect(platformTags.appliesTo("aws:s3/bucketPolicy:BucketPolicy")).toBe(false);
    expect(platformTags.appliesTo("awsx:ec2:Vpc")).toBe(false);
  });
});
