import type { LocalLake } from "./local-lake";
import { sqlString } from "./local-lake";

/**
 * AWS Glue Data Quality on this machine: the DQDL the transformation layer ships (each table's
 * ruleset, generated from its spec) translated to DuckDB SQL over the rows a job is about to
 * publish. It knows exactly the rule forms the generator writes (transformation
 * src/specs/quality.ts) and refuses any other, so a new rule form fails here until it is modelled:
 * - `IsPrimaryKey "a" "b"`: no NULL in any key column and no key twice;
 * - `IsComplete "c"`: no NULL;
 * - `ColumnValues "c" in ["x", NULL]`: every value listed (NULL only when the keyword is);
 * - `CustomSql "<Spark SQL over primary>" > n`: the statement itself on DuckDB (the generated one is
 *   portable), `primary` being the evaluated rows and `current_timestamp()` the run's clock;
 * - `RowCount > avg(last(k)) * f` / `<`: against this ruleset's previous evaluations here; with no
 *   previous run there is nothing to compare and the rule passes.
 * Outcomes are reported as Glue reports them: Rule, Outcome ("Passed"/"Failed"), FailureReason.
 */

export interface RuleOutcome {
  Rule: string;
  Outcome: "Passed" | "Failed";
  FailureReason: string | null;
}

type Check = (ctx: {
  lake: LocalLake;
  view: string;
  rows: number;
  now: Date;
  history: number[];
}) => Promise<string | null>;

const quoted = /"([A-Za-z_][A-Za-z0-9_]*)"/g;
const names = (text: string) => [...text.matchAll(quoted)].map((m) => m[1] as string);
const ident = (c: string) => `"${c}"`;

/** Each rule line of a `Rules = [ ... ]` document with its DuckDB check; an unknown form throws. */
export function parseRuleset(dqdl: string): { rule: string; check: Check }[] {
  const body = /^\s*Rules\s*=\s*\[\s*([\s\S]*?)\s*\]\s*$/.exec(dqdl);
  if (!body?.[1]) throw new Error(`not a DQDL ruleset document: ${dqdl.slice(0, 80)}`);
  return body[1]
    .split(/,\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((rule) => ({ rule, check: checkOf(rule) }));
}

function checkOf(rule: string): Check {
  let m = /^IsPrimaryKey((?: "[A-Za-z_][A-Za-z0-9_]*")+)$/.exec(rule);
  if (m) {
    const keys = names(m[1] as string).map(ident);
    return async ({ lake, view }) => {
      const nulls = await lake.count(
        `SELECT 1 FROM ${view} WHERE ${keys.map((k) => `${k} IS NULL`).join(" OR ")}`,
      );
      const dups = await lake.count(
        `SELECT 1 FROM ${view} WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(" AND ")} GROUP BY ${keys.join(", ")} HAVING COUNT(*) > 1`,
      );
      if (nulls === 0 && dups === 0) return null;
      return `${nulls} row(s) with a NULL key, ${dups} key(s) on more than one row`;
    };
  }
  m = /^IsComplete "([A-Za-z_][A-Za-z0-9_]*)"$/.exec(rule);
  if (m) {
    const col = ident(m[1] as string);
    return async ({ lake, view, rows }) => {
      const nulls = await lake.count(`SELECT 1 FROM ${view} WHERE ${col} IS NULL`);
      return nulls === 0
        ? null
        : `Completeness ${((rows - nulls) / rows).toFixed(4)}: ${nulls} NULL value(s)`;
    };
  }
  m = /^ColumnValues "([A-Za-z_][A-Za-z0-9_]*)" in \[(.*)\]$/.exec(rule);
  if (m) {
    const col = ident(m[1] as string);
    const items = (m[2] as string).split(/,\s*/);
    const nullable = items.includes("NULL");
    const values = items
      .filter((v) => v !== "NULL")
      .map((v) => {
        const s = /^"([^"\\]*)"$/.exec(v);
        if (!s) throw new Error(`DQDL ${rule}: value ${v} is not a quoted string or NULL`);
        return sqlString(s[1] as string);
      });
    return async ({ lake, view }) => {
      const bad = await lake.rows(
        `SELECT CAST(${col} AS VARCHAR) AS v, COUNT(*) AS n FROM ${view} WHERE (${col} IS NOT NULL AND CAST(${col} AS VARCHAR) NOT IN (${values.join(", ")}))${nullable ? "" : ` OR ${col} IS NULL`} GROUP BY 1 ORDER BY 1 NULLS FIRST`,
      );
      return bad.length === 0
        ? null
        : `values outside the list: ${bad.map((b) => `${b.v === null ? "NULL" : b.v} (${b.n})`).join(", ")}`;
    };
  }
  m = /^CustomSql "([^"]+)" ([<>]=?|=) (\d+(?:\.\d+)?)$/.exec(rule);
  if (m) {
    const [, sql, op, bound] = m as unknown as [string, string, string, string];
    if (!/\bFROM primary\b/.test(sql)) throw new Error(`DQDL ${rule}: CustomSql must read primary`);
    return async ({ lake, view, now }) => {
      const local = sql
        .replace(/\bFROM primary\b/g, `FROM ${view}`)
        .replace(
          /current_timestamp\(\)/g,
          `TIMESTAMP ${sqlString(now.toISOString().replace("T", " ").replace("Z", ""))}`,
        );
      const [row] = await lake.rows(`SELECT (${local}) AS v`);
      const value = Number(row?.v);
      return compare(value, op, Number(bound))
        ? null
        : `CustomSql returned ${value}, expected ${op} ${bound}`;
    };
  }
  m = /^RowCount ([<>]) avg\(last\((\d+)\)\) \* (\d+(?:\.\d+)?)$/.exec(rule);
  if (m) {
    const [, op, k, factor] = m as unknown as [string, string, string, string];
    return async ({ rows, history }) => {
      const last = history.slice(-Number(k));
      if (last.length === 0) return null;
      const bound = (last.reduce((a, b) => a + b, 0) / last.length) * Number(factor);
      return compare(rows, op, bound)
        ? null
        : `RowCount ${rows}, expected ${op} ${bound} (avg of the last ${last.length} run(s) x ${factor})`;
    };
  }
  throw new Error(`DQDL rule not modelled locally: ${rule}`);
}

function compare(value: number, op: string, bound: number): boolean {
  switch (op) {
    case ">":
      return value > bound;
    case ">=":
      return value >= bound;
    case "<":
      return value < bound;
    case "<=":
      return value <= bound;
    default:
      return value === bound;
  }
}

/** A table's evaluations, as Glue keeps them per evaluation context (the ruleset's name). */
export class QualityHistory {
  private readonly counts = new Map<string, number[]>();

  /** Evaluates `dqdl` on the rows of `view` at `now`; records the row count for the next runs. */
  async evaluate(
    lake: LocalLake,
    ruleset: string,
    dqdl: string,
    view: string,
    now: Date,
  ): Promise<RuleOutcome[]> {
    const rules = parseRuleset(dqdl);
    const rows = await lake.count(`SELECT * FROM ${view}`);
    const history = this.counts.get(ruleset) ?? [];
    const outcomes: RuleOutcome[] = [];
    for (const { rule, check } of rules) {
      const reason = await check({ lake, view, rows, now, history });
      outcomes.push({ Rule: rule, Outcome: reason === null ? "Passed" : "Failed", FailureReason: reason });
    }
    this.counts.set(ruleset, [...history, rows]);
    return outcomes;
  }
}
