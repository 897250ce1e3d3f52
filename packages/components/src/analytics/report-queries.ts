import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;
/** Glue database and table names: lower-case letters, digits and underscores. */
const IDENTIFIER = /^[a-z0-9_]{1,255}$/;

/** Names of the `{{placeholder}}`s a SQL template uses, in order of first use. */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/** Whether `value` is a plain Glue identifier (safe to splice into SQL). */
export function isGlueIdentifier(value: string): boolean {
  return IDENTIFIER.test(value);
}

/**
 * Fills a report template's `{{placeholder}}`s. `values` are catalog identifiers (database,
 * table and column names read from other layers' outputs) and must be plain Glue identifiers,
 * so a value can never smuggle SQL in; `fragments` are SQL the program builds itself from such
 * identifiers (e.g. a UNION over several tables). A placeholder without a value is an error,
 * not an empty string.
 */
export function renderSqlTemplate(
  template: string,
  values: Record<string, string>,
  what = "template",
  fragments: Record<string, string> = {},
): string {
  const missing = templatePlaceholders(template).filter(
    (p) => values[p] === undefined && fragments[p] === undefined,
  );
  if (missing.length > 0) {
    throw new Error(`${what}: no value for placeholder(s) ${missing.map((m) => `{{${m}}}`).join(", ")}`);
  }
  return template.replace(PLACEHOLDER, (_m, key: string) => {
    const fragment = fragments[key];
    if (fragment !== undefined) return fragment;
    const value = values[key] as string;
    if (!IDENTIFIER.test(value)) {
      throw new Error(
        `${what}: {{${key}}} must be a Glue identifier ([a-z0-9_]), got ${JSON.stringify(value)}`,
      );
    }
    return value;
  });
}

/** Number of `?` execution parameters in a query (outside string literals and comments). */
export function executionParameterCount(sql: string): number {
  const code = sql
    .replace(/--[^\n]*/g, "")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/'(?:[^']|'')*'/g, "''");
  return (code.match(/\?/g) ?? []).length;
}

/**
 * Athena's `ExecutionParameters` are substituted into the query as SQL literals, so a date
 * travels as the quoted string `'2026-03-01'` (DuckDB and other drivers bind the bare value).
 */
export function athenaExecutionParameters(values: readonly string[]): string[] {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`);
}

export interface ReportQuery {
  /** Report name: the key of the named query id in the layer's outputs. */
  name: string;
  description: string;
  /** The database the query runs in by default (named queries need one). */
  database: pulumi.Input<string>;
  /** SQL template with `{{placeholder}}`s. */
  template: string;
  /** Placeholder values: database and table names, usually Outputs of other layers. */
  values: Record<string, pulumi.Input<string>>;
  /**
   * SQL fragments the program built from identifiers (see `renderSqlTemplate`).
   * @default {}
   */
  fragments?: Record<string, pulumi.Input<string>>;
}

export interface ReportQueriesArgs {
  /** Workgroup the named queries belong to (and run in). */
  workgroup: pulumi.Input<string>;
  reports: ReportQuery[];
  /**
   * Prefix of each named query's display name.
   * @default ""
   */
  namePrefix?: string;
}

/** Report SQL shipped as Athena named queries, rendered from templates with catalog names filled in. */
export class ReportQueries extends pulumi.ComponentResource {
  readonly queries: Record<string, aws.athena.NamedQuery> = {};
  /** The rendered SQL per report (what an analyst sees in the console). */
  readonly sql: Record<string, pulumi.Output<string>> = {};
  /** Report name -> named query id. */
  readonly ids: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ReportQueriesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:analytics:ReportQueries", name, {}, opts);
    const seen = new Set<string>();
    for (const report of args.reports) {
      if (seen.has(report.name)) throw new Error(`ReportQueries ${name}: duplicate report ${report.name}`);
      seen.add(report.name);
      const sql = pulumi
        .all([report.values, report.fragments ?? {}])
        .apply(([values, fragments]) =>
          renderSqlTemplate(report.template, values, `report ${report.name}`, fragments),
        );
      this.sql[report.name] = sql;
      this.queries[report.name] = new aws.athena.NamedQuery(
        `${name}-${report.name}`,
        {
          name: `${args.namePrefix ?? ""}${report.name}`,
          description: report.description,
          workgroup: args.workgroup,
          database: report.database,
          query: sql,
        },
        { parent: this },
      );
    }
    this.ids = pulumi.all(
      Object.fromEntries(Object.entries(this.queries).map(([k, q]) => [k, q.id])),
    ) as pulumi.Output<Record<string, string>>;
    this.registerOutputs({ ids: this.ids });
  }
}
