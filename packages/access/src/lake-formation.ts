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
 * - a grantable permission comes only from `permissionsWithGrantOptions` (or being an administrator).
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
  /** A grant on an LF-tag itself (ASSOCIATE, DESCRIBE). */
  lfTag?: { key: string; values: string[] };
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

  /** Whether a grant on an LF-tag (`lfTag: { key, values }`) gives the permission on key=value. */
  holdsOnTag(principal: string, permission: string, tagKey: string, value: string): boolean {
    return this.grants.some(
      (g) =>
        g.principal === principal &&
        g.lfTag?.key === tagKey &&
        g.lfTag.values.includes(value) &&
        g.permissions.includes(permission),
    );
  }

  /** Whether a grantable tag-expression grant of the principal covers every key and value of `wanted`. */
  grantableOnExpression(
    principal: string,
    permission: string,
    wanted: NonNullable<Grant["tagExpression"]>,
  ): boolean {
    return this.grants.some((g) => {
      const have = g.tagExpression;
      if (g.principal !== principal || !have || have.resourceType !== wanted.resourceType) return false;
      if (!g.grantable.includes(permission) && !g.grantable.includes("ALL")) return false;
      // every condition the grantor's expression sets must be at least as wide in the wanted one's terms
      return have.expressions.every((h) => {
        const w = wanted.expressions.find((e) => e.key === h.key);
        return w?.values.every((v) => h.values.includes(v)) ?? false;
      });
    });
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
    grantable: asList(i.permissionsWithGrantOptions),
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
  const tag = i.lfTag as { key: string; values: string[] } | undefined;
  if (tag) {
    g.lfTag = tag;
    g.database = `lf-tag:${tag.key}`;
  }
  if (location) g.database = `location:${location.arn}`;
  return g;
}

/**
 * Whether a deploy role may create a Lake Formation resource of its plan, by the documented rules:
 * data lake settings, LF-tags and registered locations need an administrator; an LF-tag
 * assignment needs ASSOCIATE on the tag (an administrator has it); a grant needs the permissions
 * grantable on its resource, which an administrator, the table's creator (its layer's deploy role
 * creates its tables) or a grant with grant option gives; a grant by LF-tag expression needs them
 * grantable on an expression at least as wide.
 * https://docs.aws.amazon.com/lake-formation/latest/dg/lf-permissions-reference.html
 */
export function deployDecision(
  lake: LakeFormationModel,
  principal: string,
  resource: { type: string; inputs: Record<string, unknown> },
  createdTables: Set<string>,
): LfDecision {
  const admin = lake.admins.has(principal);
  const i = resource.inputs;
  const asAdmin = { allowed: true, because: "data lake administrator" };
  switch (resource.type) {
    case "aws:lakeformation/dataLakeSettings:DataLakeSettings":
    case "aws:lakeformation/lfTag:LfTag":
    case "aws:lakeformation/resource:Resource":
      return admin
        ? asAdmin
        : { allowed: false, because: `${resource.type} needs a data lake administrator` };
    case "aws:lakeformation/resourceLfTags:ResourceLfTags": {
      if (admin) return asAdmin;
      const tags = (i.lfTags ?? []) as { key: string; value: string }[];
      const missing = tags.filter((t) => !lake.holdsOnTag(principal, "ASSOCIATE", t.key, t.value));
      return missing.length === 0
        ? { allowed: true, because: "ASSOCIATE on the LF-tags" }
        : {
            allowed: false,
            because: `no ASSOCIATE on LF-tag ${missing.map((t) => `${t.key}=${t.value}`).join(", ")}`,
          };
    }
    case "aws:lakeformation/permissions:Permissions": {
      if (admin) return asAdmin;
      const perms = asList(i.permissions);
      const table = (i.table ?? i.tableWithColumns) as
        | { databaseName: string; name?: string; wildcard?: boolean }
        | undefined;
      if (table?.name && createdTables.has(`${table.databaseName}.${table.name}`))
        return { allowed: true, because: "creator of the table" };
      const expression = i.lfTagPolicy as Grant["tagExpression"] | undefined;
      if (expression) {
        // A grant by expression also needs GRANT_WITH_LF_TAG_EXPRESSION on every tag value it names
        // (https://docs.aws.amazon.com/lake-formation/latest/dg/TBAC-granting-tags.html).
        const untagged = expression.expressions.flatMap((e) =>
          e.values
            .filter((v) => !lake.holdsOnTag(principal, "GRANT_WITH_LF_TAG_EXPRESSION", e.key, v))
            .map((v) => `${e.key}=${v}`),
        );
        if (untagged.length > 0)
          return {
            allowed: false,
            because: `no GRANT_WITH_LF_TAG_EXPRESSION on LF-tag ${untagged.join(", ")}`,
          };
        const missing = perms.filter((p) => !lake.grantableOnExpression(principal, p, expression));
        return missing.length === 0
          ? {
              allowed: true,
              because: "grantable on a covering LF-tag expression, GRANT_WITH_LF_TAG_EXPRESSION on its tags",
            }
          : {
              allowed: false,
              because: `no grantable ${missing.join(", ")} on an LF-tag expression covering ${JSON.stringify(expression.expressions)}`,
            };
      }
      const location = i.dataLocation as { arn: string } | undefined;
      const database = location
        ? locationDatabase(location.arn)
        : ((i.database as { name: string } | undefined)?.name ?? table?.databaseName ?? "");
      const tableName = table ? (table.wildcard ? "*" : table.name) : undefined;
      const missing = perms.filter(
        (p) =>
          !lake.evaluate({
            principal,
            permission: p as LfPermission,
            database,
            table: tableName,
            grantable: true,
          }).allowed,
      );
      return missing.length === 0
        ? { allowed: true, because: "holds them with grant option" }
        : {
            allowed: false,
            because: `no grantable ${missing.join(", ")} on ${tableName ? `${database}.${tableName}` : database}`,
          };
    }
  }
  return { allowed: true, because: "not a Lake Formation resource" };
}

const key = (...parts: string[]) => parts.join("\u0000");
const shortArn = (arn: string) => arn.split("/").pop() ?? arn;

/** The database name under which a data-location grant is indexed (`DATA_LOCATION_ACCESS` requests use it). */
export const locationDatabase = (s3Arn: string) => `location:${s3Arn}`;
