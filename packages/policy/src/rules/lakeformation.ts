import { ofType, resourceRule } from "../rule";
import { asArray, field } from "../values";

export const lakeFormationNoIamAllowedPrincipals = resourceRule(
  "lakeformation-no-iam-allowed-principals",
  "mandatory",
  "Lake Formation does not grant IAM_ALLOWED_PRINCIPALS on new databases and tables (IAM-only mode is off).",
  ofType("aws:lakeformation/dataLakeSettings:DataLakeSettings"),
  (settings) =>
    ["createDatabaseDefaultPermissions", "createTableDefaultPermissions"]
      .filter((key) =>
        asArray(settings.inputs[key]).some((grant) => field(grant, "principal") === "IAM_ALLOWED_PRINCIPALS"),
      )
      .map(
        (key) =>
          `grants IAM_ALLOWED_PRINCIPALS in ${key}, which hands table access back to plain IAM: set ${key}: [] so only Lake Formation grants apply.`,
      ),
);

export const lakeFormationRules = [lakeFormationNoIamAllowedPrincipals];
