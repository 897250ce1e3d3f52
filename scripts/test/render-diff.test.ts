import { describe, expect, it } from "vitest";
import type { PlanResource } from "../src/plan/plan-file";
import type { LayerDiff } from "../src/plan-diff/diff-plans";
import { renderPlanDiff } from "../src/plan-diff/render-diff";

const res = (type: string, name: string, protect = false): PlanResource => ({
  urn: `urn:pulumi:dev::p::${type}::${name}`,
  id: null,
  type,
  name,
  parent: null,
  inputs: {},
  retainOnDelete: false,
  protect,
});

describe("renderPlanDiff", () => {
  it("lists removed, added and changed resources per layer, with the changed input paths", () => {
    const diffs: LayerDiff[] = [
      {
        layer: "network",
        project: "lakehouse-network",
        added: [],
        removed: [],
        changed: [],
        renamed: [],
        outputs: [],
      },
      {
        layer: "lake-storage",
        project: "lakehouse-lake-storage",
        added: [res("aws:s3/bucket:Bucket", "exports")],
        removed: [res("aws:kms/key:Key", "old", true)],
        changed: [
          { urn: "u", type: "aws:s3/bucket:Bucket", name: "raw", paths: ["tags.owner", "(protect)"] },
        ],
        renamed: [],
        outputs: ["rawBucketName"],
      },
    ];
    expect(renderPlanDiff("prod", diffs)).toBe(
      [
        "## Offline plan diff: stack `prod`",
        "",
        "Every program run under mocks (no cloud credentials), base branch against this pull request.",
        "",
        "| layer | added | removed | changed | outputs changed |",
        "|---|---:|---:|---:|---|",
        "| network | 0 | 0 | 0 | - |",
        "| lake-storage | 1 | 1 | 1 | `rawBucketName` |",
        "",
        "### lake-storage",
        "",
        "**Removed** (1)",
        "",
        "- `aws:kms/key:Key` **old** (protected)",
        "",
        "**Added** (1)",
        "",
        "- `aws:s3/bucket:Bucket` **exports**",
        "",
        "**Changed** (1)",
        "",
        "- `aws:s3/bucket:Bucket` **raw**: `tags.owner`, `(protect)`",
        "",
        "Outputs changed: `rawBucketName`",
        "",
      ].join("\n"),
    );
  });

  it("caps a long list and says how many were left out", () => {
    const added = Array.from({ length: 45 }, (_, i) => res("aws:s3/bucketObject:BucketObject", `o${i}`));
    const md = renderPlanDiff("dev", [
      { layer: "x", project: "p", added, removed: [], changed: [], renamed: [], outputs: [] },
    ]);
    expect(md).toContain("- `aws:s3/bucketObject:BucketObject` **o39**");
    expect(md).not.toContain("**o40**");
    expect(md).toContain("- ... and 5 more");
  });
});
