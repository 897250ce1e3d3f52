import { DescribeDBClustersCommand, RebootDBInstanceCommand } from "@aws-sdk/client-rds";
import { describe, expect, it } from "vitest";
import { applyPendingReboot } from "../functions/dms-user/static-parameters";

/** An RDS client answering DescribeDBClusters with these members and recording reboots. */
function fakeRds(
  members: {
    DBInstanceIdentifier: string;
    IsClusterWriter: boolean;
    DBClusterParameterGroupStatus: string;
  }[],
) {
  const calls: string[] = [];
  return {
    calls,
    rds: {
      send: async (command: unknown) => {
        if (command instanceof DescribeDBClustersCommand) {
          calls.push(`describe ${command.input.DBClusterIdentifier}`);
          return {
            DBClusters: [
              { DBClusterIdentifier: command.input.DBClusterIdentifier, DBClusterMembers: members },
            ],
          };
        }
        if (command instanceof RebootDBInstanceCommand) {
          calls.push(`reboot ${command.input.DBInstanceIdentifier}`);
          return { DBInstance: { DBInstanceStatus: "rebooting" } };
        }
        throw new Error("unexpected RDS call");
      },
    },
  };
}

describe("applying a changed static cluster parameter", () => {
  it("reboots only the instances pending a reboot, readers before the writer, waiting for each", async () => {
    const { calls, rds } = fakeRds([
      {
        DBInstanceIdentifier: "src-1",
        IsClusterWriter: true,
        DBClusterParameterGroupStatus: "pending-reboot",
      },
      {
        DBInstanceIdentifier: "src-2",
        IsClusterWriter: false,
        DBClusterParameterGroupStatus: "pending-reboot",
      },
      { DBInstanceIdentifier: "src-3", IsClusterWriter: false, DBClusterParameterGroupStatus: "in-sync" },
    ]);
    const rebooted = await applyPendingReboot("src", rds, async (instance) => calls.push(`wait ${instance}`));
    expect(rebooted).toEqual(["src-2", "src-1"]);
    expect(calls).toEqual(["describe src", "reboot src-2", "wait src-2", "reboot src-1", "wait src-1"]);
  });

  it("does nothing when every instance is in sync, and fails on an unknown cluster", async () => {
    const { calls, rds } = fakeRds([
      { DBInstanceIdentifier: "src-1", IsClusterWriter: true, DBClusterParameterGroupStatus: "in-sync" },
    ]);
    expect(await applyPendingReboot("src", rds, async () => undefined)).toEqual([]);
    expect(calls).toEqual(["describe src"]);
    const empty = { send: async () => ({ DBClusters: [] }) };
    await expect(applyPendingReboot("gone", empty, async () => undefined)).rejects.toThrow(
      /cluster gone not found/,
    );
  });
});
