import { join } from "node:path";
import { layerFixture, readStackConfig, runProgram } from "@lakehouse/testing";
import { program } from "../src/program";

export const repoRoot = join(__dirname, "..", "..", "..");
export const storage = (stack: "dev" | "prod") => layerFixture("lake-storage", stack);

/** Transformation outputs shaped like the real layer's: the datasets and entities the reports read. */
export function transformationOutputs(stack: "dev" | "prod") {
  return {
    ...layerFixture("transformation", stack),
    // Physical names differ from the dataset keys, to show the reports read them from the contract.
    refinedTables: { events: "client_events", ga4_sessions: "ga4_sessions_daily" },
    icebergTables: { orders: "orders_current", customers: "customers_current" },
    changeCountsTable: "cdc_changes_log",
  };
}

/** Runs the analytics program with a stack file's config (plus overrides) against upstream fixtures. */
export function runAnalytics(
  stack: "dev" | "prod",
  overrides: Record<string, string> = {},
  transformation: Record<string, unknown> = transformationOutputs(stack),
) {
  const { config, secretKeys } = readStackConfig(repoRoot, "analytics", stack);
  return runProgram(program, {
    project: "lakehouse-analytics",
    stack,
    config: { ...config, ...overrides },
    secretKeys,
    stackOutputs: (name) =>
      name.endsWith(`/lakehouse-transformation/${stack}`)
        ? transformation
        : name.endsWith(`/lakehouse-lake-storage/${stack}`)
          ? ({ ...storage(stack) } as Record<string, unknown>)
          : undefined,
  });
}

/** A Glue table as Lake Formation sees it: tags on the table (own or inherited) and per column. */
export interface TaggedTable {
  database: string;
  name: string;
  tags: Record<string, string>;
  columns: { name: string; tags?: Record<string, string> }[];
}

interface LfGrantInputs {
  principal: string;
  permissions: string[];
  lfTagPolicy?: { resourceType: string; expressions: { key: string; values: string[] }[] };
  table?: unknown;
  tableWithColumns?: unknown;
  database?: unknown;
}

/**
 * Which columns of `table` a principal may SELECT under LF-tag grants, evaluated the way Lake
 * Formation does: a column's effective tags are the table's overridden by its own, and a
 * TABLE-type tag policy matches a column when every key of the expression has one of its values.
 */
export function readableColumns(grants: LfGrantInputs[], principal: string, table: TaggedTable): string[] {
  const policies = grants
    .filter((g) => g.principal === principal && g.permissions.includes("SELECT"))
    .map((g) => {
      if (!g.lfTagPolicy || g.table || g.tableWithColumns || g.database) {
        throw new Error(`grant to ${principal} is not an LF-tag policy grant: ${JSON.stringify(g)}`);
      }
      return g.lfTagPolicy;
    })
    .filter((p) => p.resourceType === "TABLE");
  return table.columns
    .filter((column) => {
      const tags = { ...table.tags, ...column.tags };
      return policies.some((p) =>
        p.expressions.every((e) => tags[e.key] !== undefined && e.values.includes(tags[e.key] as string)),
      );
    })
    .map((c) => c.name);
}
