import { describe, expect, it } from "vitest";
import { lakeFormationNoIamAllowedPrincipals } from "../src/rules/lakeformation";
import { check } from "./fixtures";

const SETTINGS = "aws:lakeformation/dataLakeSettings:DataLakeSettings";

describe("lakeformation-no-iam-allowed-principals", () => {
  it("passes settings with empty default permissions", () => {
    expect(
      check(lakeFormationNoIamAllowedPrincipals, SETTINGS, {
        admins: ["arn:aws:iam::1:role/admin"],
        createDatabaseDefaultPermissions: [],
        createTableDefaultPermissions: [],
      }),
    ).toEqual([]);
  });

  it("fails each default that grants IAM_ALLOWED_PRINCIPALS", () => {
    const iamOnly = [{ principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] }];
    const messages = check(lakeFormationNoIamAllowedPrincipals, SETTINGS, {
      createDatabaseDefaultPermissions: iamOnly,
      createTableDefaultPermissions: iamOnly,
    });
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatch(
      /IAM_ALLOWED_PRINCIPALS in createTableDefaultPermissions.*set createTableDefaultPermissions: \[\]/,
    );
  });
});
