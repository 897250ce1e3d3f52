import { describe, expect, it } from "vitest";
import { diffAccess, renderAccessDiff } from "../src";
import { program, role, rolePolicy } from "./plan-builder";

const plan = (actions: string[], lf: string[] = []) => [
  program("transformation", [
    role("jobs"),
    rolePolicy("jobs", "jobs-s3", [{ Effect: "Allow", Action: actions, Resource: "arn:aws:s3:::raw/*" }]),
    ...(lf.length
      ? [
          {
            type: "aws:lakeformation/permissions:Permissions",
            name: "jobs-lf",
            inputs: {
              principal: "arn:aws:iam::123456789012:role/jobs",
              permissions: lf,
              database: { name: "raw" },
            },
          },
        ]
      : []),
  ]),
];

describe("access changes between two plans", () => {
  it("names what each principal gains and loses, IAM and Lake Formation", () => {
    const diff = diffAccess(plan(["s3:GetObject"]), plan(["s3:GetObject", "s3:PutObject"], ["DESCRIBE"]));
    expect(diff).toEqual({
      gained: [
        'jobs has Lake Formation DESCRIBE on `{"name":"raw"}`',
        "jobs may `s3:PutObject` on `arn:aws:s3:::raw/*`",
      ],
      lost: [],
    });
    const back = diffAccess(plan(["s3:GetObject", "s3:PutObject"]), plan(["s3:GetObject"]));
    expect(back.lost).toEqual(["jobs may `s3:PutObject` on `arn:aws:s3:::raw/*`"]);
    expect(renderAccessDiff(back)).toContain(
      "**Taken away** (1)\n\n- jobs may `s3:PutObject` on `arn:aws:s3:::raw/*`",
    );
  });

  it("says so when nothing changes", () => {
    expect(renderAccessDiff(diffAccess(plan(["s3:GetObject"]), plan(["s3:GetObject"])))).toBe(
      "### Access changes\n\nNo principal gains or loses a permission.\n",
    );
  });
});
