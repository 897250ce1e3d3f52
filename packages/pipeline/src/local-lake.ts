import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

/**
 * The lake on this machine: S3 buckets as folders (`<root>/<bucket>/<key>`) and one DuckDB
 * connection standing in for Athena and Spark. DuckDB reads local files only (its S3 reader is
 * an extension it would download), so objects that moto's S3 holds are copied here by key.
 */
export class LocalLake {
  private constructor(
    readonly root: string,
    readonly db: DuckDBConnection,
  ) {}

  static async open(root: string): Promise<LocalLake> {
    mkdirSync(root, { recursive: true });
    const instance = await DuckDBInstance.create(":memory:");
    const db = await instance.connect();
    await db.run("SET TimeZone = 'UTC'");
    return new LocalLake(root, db);
  }

  /** Local path of `s3://bucket/key` (or of a bucket and key). */
  path(bucket: string, key = ""): string {
    return join(this.root, bucket, key);
  }

  /**
   * Writes `s3://bucket/key`. `lastModified` is the object's S3 Last-Modified when it is copied
   * from S3 (moto): copying it again keeps that time, as the object in S3 keeps it, so the local
   * job bookmark (path and last-modified time) does not see an old object as rewritten.
   */
  put(bucket: string, key: string, body: string | Uint8Array, lastModified?: Date): string {
    const file = this.path(bucket, key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
    if (lastModified) utimesSync(file, lastModified, lastModified);
    return file;
  }

  /** Every object key under `s3://bucket/prefix`, sorted. */
  list(bucket: string, prefix: string): string[] {
    const base = this.path(bucket);
    const walk = (dir: string): string[] => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return [];
      }
      return names.flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? walk(p) : [relative(base, p)];
      });
    };
    return walk(base)
      .filter((k) => k.startsWith(prefix))
      .sort();
  }

  async run(sql: string): Promise<void> {
    await this.db.run(sql);
  }

  /** Rows as JSON-friendly objects (DuckDB's big integers and decimals as strings). */
  async rows(sql: string, params: string[] = []): Promise<Record<string, unknown>[]> {
    const reader = await this.db.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  }

  async count(sql: string): Promise<number> {
    const [row] = await this.rows(`SELECT count(*) AS n FROM (${sql})`);
    return Number(row?.n ?? 0);
  }
}

/** `s3://bucket/prefix/` -> [bucket, prefix]. */
export function splitS3(uri: string): [string, string] {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  return [m[1] as string, m[2] as string];
}

export const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
