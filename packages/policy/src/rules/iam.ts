import { type Statement, statementsOf } from "../policy-document";
import { resourceRule } from "../rule";
import type { Subject } from "../subject";
import { asArray, field } from "../values";
import { isRead, isServiceWildcard, isStarOnly } from "./iam-actions";

/** Identity policies, wherever they are written: inline on a role, as a role/user/group policy, or managed. */
const POLICY_INPUTS: Record<string, (inputs: Record<string, unknown>) => unknown[]> = {
  "aws:iam/role:Role": (inputs) => asArray(inputs.inlinePolicies).map((p) => field(p, "policy")),
  "aws:iam/rolePolicy:RolePolicy": (inputs) => [inputs.policy],
  "aws:iam/userPolicy:UserPolicy": (inputs) => [inputs.policy],
  "aws:iam/groupPolicy:GroupPolicy": (inputs) => [inputs.policy],
  // A permissions boundary grants nothing by itself (it caps what a role's own policies give):
  // the grant rules apply to the policies that grant.
  "aws:iam/policy:Policy": (inputs) => (isPermissionsBoundary(inputs) ? [] : [inputs.policy]),
};

/** Boundaries are tagged `purpose: permissions-boundary` where they are created. */
function isPermissionsBoundary(inputs: Record<string, unknown>): boolean {
  return field(inputs.tags, "purpose") === "permissions-boundary";
}

function allowStatements(subject: Subject): Statement[] {
  const read = POLICY_INPUTS[subject.type];
  if (!read) return [];
  return read(subject.inputs)
    .flatMap(statementsOf)
    .filter((s) => s.effect === "Allow");
}

const IDENTITY_POLICY = (type: string) => type in POLICY_INPUTS;

export const iamNoWildcardActions = resourceRule(
  "iam-no-wildcard-actions",
  "mandatory",
  'IAM policies never allow every action ("*" or NotAction).',
  IDENTITY_POLICY,
  (subject) =>
    allowStatements(subject).flatMap((s) => {
      if (s.actions.includes("*")) {
        return [
          'allows Action "*": list the actions the workload calls (use the grant methods of the components).',
        ];
      }
      if (s.notActions.length > 0) {
        return [
          `allows everything except ${s.notActions.join(", ")} (NotAction): use an explicit Action list instead.`,
        ];
      }
      return [];
    }),
);

/** Tag conditions scope `*` to the resources carrying (or created with) the tag. */
function isTagScoped(statement: Statement): boolean {
  return Object.values(statement.condition).some(
    (operator) =>
      typeof operator === "object" &&
      operator !== null &&
      Object.keys(operator).some((key) => /^aws:(RequestTag|ResourceTag)\//i.test(key)),
  );
}

export const iamNoWildcardResourceWrites = resourceRule(
  "iam-no-wildcard-resource-writes",
  "mandatory",
  'IAM policies allow writes (anything but Describe/Get/List metadata reads) only on named resources, never on "*", unless the action accepts only "*" or the statement is scoped by a tag condition.',
  IDENTITY_POLICY,
  (subject) =>
    allowStatements(subject).flatMap((s) => {
      const everywhere = s.resources.includes("*") || s.notResources.length > 0;
      if (!everywhere || isTagScoped(s)) return [];
      const writes = s.actions.filter((a) => a !== "*" && !isRead(a) && !isStarOnly(a));
      return writes.length === 0
        ? []
        : [
            `allows ${writes.join(", ")} on Resource "*": name the resources (ARNs or ARN patterns with the lakehouse-<env> prefix), or add a Condition on aws:ResourceTag/<key> (aws:RequestTag/<key> when creating).`,
          ];
    }),
);

export const iamServiceWildcardActions = resourceRule(
  "iam-service-wildcard-actions",
  "advisory",
  'IAM policies list actions rather than whole services ("s3:*").',
  IDENTITY_POLICY,
  (subject) => {
    const wildcards = [
      ...new Set(
        allowStatements(subject).flatMap((s) => s.actions.filter((a) => a !== "*" && isServiceWildcard(a))),
      ),
    ];
    return wildcards.length === 0
      ? undefined
      : `allows whole services (${wildcards.join(", ")}): list the actions it needs, unless it is a deploy role that manages that service.`;
  },
);

export const iamRules = [iamNoWildcardActions, iamNoWildcardResourceWrites, iamServiceWildcardActions];
