import type { LfPermission } from "@lakehouse/contracts";
import { asList, type PlannedProgram } from "./plan";

/**
 * A small evaluator of Lake Formation's documented permission rules over the plan's data-lake
 * settings, LF-tags, tag assignments and grants:
 * - data lake administrators have DESCRIBE on every database and table and may grant anything
 *   (https://docs.aws.amazon.com/lake-formation/latest/dg/implicit-permissions.html);
 * - a named grant applies to its database, table, every table (`wildcard`), or its columns
 *   (`columnNames`, or every column but `excludedColumnNames`); `ALL` holds every table permission;
 * - an LF-tag expression matches a resource when, for every key of the expression, the resource's
 *   effective value is one of the listed values; a table inherits its database's tags and a column
 *   its table's, unless assigned its own value for that key
 *   (https://docs.aws.amazon.com/lake-formation/latest/dg/TBAC-overview.html);
 * - SELECT on `all` columns (`SELECT *`, Iceberg metadata tables such as `t$snapshots`) needs every
 *   column (https://docs.aws.amazon.com/lake-formation/latest/dg/iceberg-metadata-tables.html);
 * - a grantable permission comes only from `permissionsWithGrantOption` (or being an administrator).
 */
export interface LfRequest {
  principal: string;
  permission: LfPermission;
  database: string;
  table?: string;
  columns?: "all" | string[];
  grantable?: boolean;
}

export interface LfDecision {
  allowed: boolean;
  because: string;
}

type Tags = Map<string, string>;
interface CatalogTable {
  database: string;
  name: string;
  /** Known columns (declared in the plan); empty for tables a crawler creates. */
  columns: string[];
}
interface Grant {
  principal: string;
  permissions: string[];
  grantable: string[];
  name: string;
  database?: string;
  table?: string;
  /** Column restriction of a tableWithColumns grant. */
  columnNames?: string[];
  excludedColumnNames?: string[];
  tagExpression?: { resourceType: "DATABASE" | "TABLE"; expressions: { key: string; values: string[] }[] };
}

export class LakeFormationModel {
  readonly admins = new Set<string>();
  readonly grants: Grant[] = [];
  private readonly dbTags = new Map<string, Tags>();
  private readonly tableTags = new Map<string, Tags>();
  private readonly columnTags = new Map<string, Tags>();
  private readonly tables = new Map<string, CatalogTable>();

  constructor(programs: PlannedProgram[]) {
    for (const p of programs) {
      for (const r of p.resources) {
        const i = r.inputs as Record<string, unknown>;
        const where = `${p.layer}: ${r.type.split(":")[1]} ${r.name}`;
        switch (r.type) {
          case "aws:lakeformation/dataLakeSettings:DataLakeSettings":
            for (const a of asList(i.admins)) this.admins.add(a);
            break;
          case "aws:glue/catalogTable:CatalogTable": {
            const sd = (i.storageDescriptor ?? {}) as { columns?: { name: string }[] };
            const iceberg = (
              i.openTableFormatInput as
                | { icebergInput?: { icebergTableInput?: { schema?: { fields?: { name: string }[] } } } }
                | undefined
            )?.icebergInput?.icebergTableInput?.schema?.fields;
            const columns = [
              ...(sd.columns ?? []).map((c) => c.name),
              ...((i.partitionKeys ?? []) as { name: string }[]).map((c) => c.name),
              ...(iceberg ?? []).map((c) => c.name),
            ];
            const t = i as unknown as { databaseName: string; name: string };
            this.tables.set(key(t.databaseName, t.name), { database: t.databaseName, name: t.name, columns });
            break;
          }
          case "aws:lakeformation/resourceLfTags:ResourceLfTags":
            this.assignTags(i);
            break;
          case "aws:lakeformation/permissions:Permissions":
            this.grants.push(toGrant(i, where));
            break;
        }
      }
    }
  }

  private assignTags(i: Record<string, unknown>): void {
    const tags = (i.lfTags ?? []) as { key: string; value: string }[];
    const put = (map: Map<string, Tags>, k: string) => {
      const t = map.get(k) ?? new Map<string, string>();
      for (const tag of tags) t.set(tag.key, tag.value);
      map.set(k, t);
    };
    const db = i.database as { name: string } | undefined;
    const table = i.table as { databaseName: string; name: string } | undefined;
    const twc = i.tableWithColumns as
      | { databaseName: string; name: string; columnNames?: string[] }
      | undefined;
    if (db) put(this.dbTags, db.name);
    if (table) put(this.tableTags, key(table.databaseName, table.name));
    if (twc) for (const c of twc.columnNames ?? []) put(this.columnTags, key(twc.databaseName, twc.name, c));
  }

  /** Effective tags of a database, table or column (lower levels override inherited values). */
  effectiveTags(database: string, table?: string, column?: string): Tags {
    const tags = new Map(this.dbTags.get(database) ?? []);
    if (table) for (const [k, v] of this.tableTags.get(key(database, table)) ?? []) tags.set(k, v);
    if (table && column)
      for (const [k, v] of this.columnTags.get(key(database, table, column)) ?? []) tags.set(k, v);
    return tags;
  }

  columnsOf(database: string, table: string): string[] {
    return this.tables.get(key(database, table))?.columns ?? [];
  }

  evaluate(req: LfRequest): LfDecision {
    if (this.admins.has(req.principal)) {
      if (
        req.grantable ||
        req.permission === "DESCRIBE" ||
        req.permission === "DATA_LOCATION_ACCESS" ||
        req.permission === "CREATE_DATABASE"
      )
        return { allowed: true, because: "data lake administrator (dataLakeSettings admins)" };
    }
    const mine = this.grants.filter((g) => g.principal === req.principal);
    const holds = (g: Grant) => {
      const list = req.grantable ? g.grantable : g.permissions;
      return (
        list.includes(req.permission) || (list.includes("ALL") && req.permission !== "DATA_LOCATION_ACCESS")
      );
    };
    const candidates = mine.filter(holds);
    const target = req.table ? `${req.database}.${req.table}` : `database ${req.database}`;
    const what = `${req.permission}${req.grantable ? " (grantable)" : ""} on ${target}`;
    // Columns the request needs: all known columns, the named ones, or (unknown schema) the table itself.
    const wanted =
      req.table && req.permission === "SELECT"
        ? req.columns === "all" || req.columns === undefined
          ? this.columnsOf(req.database, req.table)
          : req.columns
        : [];
    if (wanted.length === 0) {
      const grant = candidates.find((g) => this.covers(g, req.database, req.table));
      return grant
        ? { allowed: true, because: `granted by ${grant.name}` }
        : {
            allowed: false,
            because: `no grant gives ${shortArn(req.principal)} ${what}${this.nearMiss(mine, req)}`,
          };
    }
    const missing = wanted.filter((c) => !candidates.some((g) => this.covers(g, req.database, req.table, c)));
    if (missing.length === 0) {
      const used = candidates.filter((g) => this.covers(g, req.database, req.table, wanted[0]));
      return { allowed: true, because: `granted by ${used.map((g) => g.name).join(", ")}` };
    }
    return {
      allowed: false,
      because: `no grant gives ${shortArn(req.principal)} ${what} for column(s) ${missing.join(", ")}${this.columnReason(req, missing[0] as string)}`,
    };
  }

  /** Whether a grant applies to the database, the table, or one column of it. */
  private covers(g: Grant, database: string, table?: string, column?: string): boolean {
    if (g.tagExpression) {
      if ((g.tagExpression.resourceType === "DATABASE") !== (table === undefined)) return false;
      const tags = this.effectiveTags(database, table, column);
      return g.tagExpression.expressions.every((e) => e.values.includes(tags.get(e.key) ?? "\u0000"));
    }
    if (g.database?.startsWith("location:") && database.startsWith("location:"))
      return database === g.database || database.startsWith(`${g.database}/`);
    if (g.database !== database) return false;
    if (table === undefined) return g.table === undefined;
    if (g.table === undefined) return false;
    if (g.table !== "*" && g.table !== table) return false;
    if (column === undefined) return g.columnNames === undefined || g.excludedColumnNames !== undefined;
    if (g.columnNames) return g.columnNames.includes(column);
    if (g.excludedColumnNames) return !g.excludedColumnNames.includes(column);
    return true;
  }

  private columnReason(req: LfRequest, column: string): string {
    if (!req.table) return "";
    const tags = [...this.effectiveTags(req.database, req.table, column)]
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    return ` (column ${column} has LF-tags ${tags || "none"})`;
  }

  private nearMiss(mine: Grant[], req: LfRequest): string {
    const same = mine.filter((g) => this.covers(g, req.database, req.table));
    if (same.length > 0)
      return `; ${same.map((g) => g.name).join(", ")} grant(s) ${[...new Set(same.flatMap((g) => (req.grantable ? g.grantable : g.permissions)))].join(", ") || "nothing grantable"} there`;
    if (req.table && this.effectiveTags(req.database, req.table).size > 0) {
      const tags = [...this.effectiveTags(req.database, req.table)].map(([k, v]) => `${k}=${v}`).join(", ");
      return ` (the table has LF-tags ${tags})`;
    }
    return "";
  }
}

function toGrant(i: Record<string, unknown>, name: string): Grant {
  const g: Grant = {
    principal: String(i.principal),
    permissions: asList(i.permissions),
    grantable: asList(i.permissionsWithGrantOption),
    name,
  };
  const db = i.database as { name: string } | undefined;
  const table = i.table as { databaseName: string; name?: string; wildcard?: boolean } | undefined;
  const twc = i.tableWithColumns as
    | {
        databaseName: string;
        name: string;
        columnNames?: string[];
        excludedColumnNames?: string[];
        wildcard?: boolean;
      }
    | undefined;
  const policy = i.lfTagPolicy as Grant["tagExpression"] | undefined;
  const location = i.dataLocation as { arn: string } | undefined;
  if (db) g.database = db.name;
  if (table) {
    g.database = table.databaseName;
    g.table = table.wildcard ? "*" : table.name;
  }
  if (twc) {
    g.database = twc.databaseName;
    g.table = twc.name;
    if (twc.columnNames && twc.columnNames.length > 0) g.columnNames = twc.columnNames;
    else g.excludedColumnNames = twc.excludedColumnNames ?? [];
  }
  if (policy) g.tagExpression = policy;
  if (location) g.database = `location:${location.arn}`;
  return g;
}

const key = (...parts: string[]) => parts.join("\u0000");
const shortArn = (arn: string) => arn.split("/").pop() ?? arn;

/** The database name under which a data-location grant is indexed (`DATA_LOCATION_ACCESS` requests use it). */
export const locationDatabase = (s3Arn: string) => `location:${s3Arn}`;
