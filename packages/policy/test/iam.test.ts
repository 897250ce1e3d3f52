import { describe, expect, it } from "vitest";
import {
  iamNoWildcardActions,
  iamNoWildcardResourceWrites,
  iamServiceWildcardActions,
} from "../src/rules/iam";
import { isRead, isStarOnly, matchesAction } from "../src/rules/iam-actions";
import { check } from "./fixtures";

const POLICY = "aws:iam/policy:Policy";
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const scoped = doc({
  Effect: "Allow",
  Action: ["s3:GetObject", "s3:PutObject"],
  Resource: "arn:aws:s3:::lakehouse-dev-raw-1/*",
});

describe("iam-no-wildcard-actions", () => {
  it("passes listed actions", () => {
    expect(check(iamNoWildcardActions, POLICY, { policy: scoped })).toEqual([]);
  });

  it('fails Action "*" wherever the policy is written: managed, role policy or a role\'s inline policy', () => {
    const admin = doc({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::x" });
    expect(check(iamNoWildcardActions, POLICY, { policy: admin })[0]).toMatch(/allows Action "\*"/);
    expect(
      check(iamNoWildcardActions, "aws:iam/rolePolicy:RolePolicy", { role: "r", policy: admin }),
    ).toHaveLength(1);
    expect(
      check(iamNoWildcardActions, "aws:iam/role:Role", {
        inlinePolicies: [
          { name: "ok", policy: scoped },
          { name: "admin", policy: admin },
        ],
      }),
    ).toHaveLength(1);
  });

  it("fails an Allow with NotAction and ignores Deny statements", () => {
    expect(
      check(iamNoWildcardActions, POLICY, {
        policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
      })[0],
    ).toMatch(/NotAction/);
    expect(
      check(iamNoWildcardActions, POLICY, { policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) }),
    ).toEqual([]);
  });

  it("ignores the trust policy of a role", () => {
    expect(
      check(iamNoWildcardActions, "aws:iam/role:Role", {
        assumeRolePolicy: doc({ Effect: "Allow", Action: "*", Principal: "*" }),
      }),
    ).toEqual([]);
  });
});

describe("iam-no-wildcard-resource-writes", () => {
  const onStar = (Action: unknown, extra: Record<string, unknown> = {}) =>
    check(iamNoWildcardResourceWrites, POLICY, {
      policy: doc({ Effect: "Allow", Action, Resource: "*", ...extra }),
    });

  it("passes metadata reads and star-only actions on *", () => {
    expect(
      onStar(["ec2:Describe*", "glue:GetSecurityConfiguration", "kms:ListAliases", "sts:GetCallerIdentity"]),
    ).toEqual([]);
    expect(
      onStar(["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "cloudwatch:PutMetricData"]),
    ).toEqual([]);
  });

  it("fails writes on *, naming them and how to scope them", () => {
    expect(onStar(["s3:PutObject", "ec2:DescribeVpcs", "dynamodb:*"])).toEqual([
      'Policy "it" allows s3:PutObject, dynamodb:* on Resource "*": name the resources (ARNs or ARN patterns with the lakehouse-<env> prefix), or add a Condition on aws:ResourceTag/<key> (aws:RequestTag/<key> when creating).',
    ]);
  });

  it("treats data reads (and wildcards that include them) as more than reads", () => {
    expect(onStar("s3:GetObject")).toHaveLength(1);
    expect(onStar("s3:Get*")).toHaveLength(1);
    expect(onStar("secretsmanager:GetSecretValue")).toHaveLength(1);
  });

  it("passes writes on * scoped by a resource or request tag condition", () => {
    expect(onStar("ec2:*", { Condition: { StringEquals: { "aws:ResourceTag/layer": "network" } } })).toEqual(
      [],
    );
    expect(
      onStar("kms:CreateKey", { Condition: { StringEquals: { "aws:RequestTag/layer": "lake-storage" } } }),
    ).toEqual([]);
    expect(
      onStar("kms:ScheduleKeyDeletion", { Condition: { StringEquals: { "aws:SourceAccount": "1" } } }),
    ).toHaveLength(1);
  });

  it("passes writes on named resources", () => {
    expect(check(iamNoWildcardResourceWrites, POLICY, { policy: scoped })).toEqual([]);
  });
});

describe("iam-service-wildcard-actions (advisory)", () => {
  it("reports whole-service grants once per service and passes listed actions", () => {
    const policy = doc(
      { Effect: "Allow", Action: ["s3:*", "glue:*"], Resource: "arn:aws:s3:::x" },
      { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::y" },
    );
    expect(check(iamServiceWildcardActions, POLICY, { policy })[0]).toMatch(
      /allows whole services \(s3:\*, glue:\*\)/,
    );
    expect(check(iamServiceWildcardActions, POLICY, { policy: scoped })).toEqual([]);
  });
});

describe("action classification", () => {
  it("matches action patterns case-insensitively with * and ?", () => {
    expect(matchesAction("s3:Get*", "s3:GetObject")).toBe(true);
    expect(matchesAction("s3:get?bject", "s3:GetObject")).toBe(true);
    expect(matchesAction("s3:Put*", "s3:GetObject")).toBe(false);
  });

  it("counts Describe/Get/List as reads, except data reads", () => {
    expect(isRead("glue:GetTable")).toBe(true);
    expect(isRead("ssm:GetParameter")).toBe(false);
    expect(isRead("glue:CreateTable")).toBe(false);
    expect(isRead("*")).toBe(false);
  });

  it("knows the actions AWS accepts only on *", () => {
    expect(isStarOnly("ec2:createnetworkinterface")).toBe(true);
    expect(isStarOnly("ec2:CreateVpc")).toBe(false);
  });
});
