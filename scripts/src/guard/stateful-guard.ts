import { isStateful } from "@lakehouse/policy";
import { UsageError } from "../args";
import type { LayerRun } from "../deploy/orchestrate";
import type { LayerDiff } from "../plan-diff/diff-plans";

/** The pull request label that approves replacing or deleting stateful resources. */
export const STATEFUL_APPROVAL_LABEL = "approve-stateful-change";

export interface StatefulChange {
  layer: string;
  urn: string;
  type: string;
  name: string;
  op: "replace" | "delete";
  /** Why: the inputs forcing the replacement, or how the deletion comes about. */
  why: string;
}

/**
 * Inputs whose change makes the provider replace the resource, for the stateful types where the
 * offline plan can tell: each is `ForceNew: true` in the resource's schema in
 * hashicorp/terraform-provider-aws (which the Pulumi AWS provider bridges; inputs are named here as
 * Pulumi names them, camelCase, nested blocks plural). Replacements of other inputs, or ones a
 * provider's CustomizeDiff forces, only the engine knows: the cloud preview (`lakehouse pr-preview`)
 * guards those.
 */
export const FORCE_NEW_INPUTS: Record<string, string[]> = {
  // website/docs/r/s3_bucket.html.markdown: `bucket`, `bucket_prefix` "Forces new resource".
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix"],
  "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix"],
  // internal/service/kms/key.go: customer_master_key_spec, key_usage, multi_region (a key has no name).
  "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion"],
  // internal/service/dynamodb/table.go: name, hash_key, range_key, local_secondary_index.
  "aws:dynamodb/table:Table": ["name", "hashKey", "rangeKey", "localSecondaryIndexes"],
  // internal/service/rds/cluster.go: cluster_identifier(_prefix), database_name, engine, kms_key_id,
  // master_username, storage_encrypted.
  "aws:rds/cluster:Cluster": [
    "clusterIdentifier",
    "clusterIdentifierPrefix",
    "databaseName",
    "engine",
    "kmsKeyId",
    "masterUsername",
    "storageEncrypted",
  ],
  // internal/service/rds/cluster_instance.go: identifier(_prefix), cluster_identifier, engine.
  "aws:rds/clusterInstance:ClusterInstance": [
    "identifier",
    "identifierPrefix",
    "clusterIdentifier",
    "engine",
  ],
  // internal/service/glue/catalog_database.go: name, catalog_id.
  "aws:glue/catalogDatabase:CatalogDatabase": ["name", "catalogId"],
  // internal/service/glue/catalog_table.go: name, database_name, catalog_id (Iceberg tables too).
  "aws:glue/catalogTable:CatalogTable": ["name", "databaseName", "catalogId"],
  // internal/service/secretsmanager/secret.go: name, name_prefix.
  "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
  // internal/service/lakeformation/data_lake_settings.go: catalog_id.
  "aws:lakeformation/dataLakeSettings:DataLakeSettings": ["catalogId"],
  // internal/service/logs/group.go: name, name_prefix (stateful when it holds audit data).
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
};

/** Stateful replacements and deletions in an offline plan diff (renames kept by aliases are neither). */
export function offlineStatefulChanges(diffs: LayerDiff[]): StatefulChange[] {
  const changes: StatefulChange[] = [];
  for (const d of diffs) {
    for (const r of d.removed.filter((r) => isStateful(r.type, r.urn))) {
      changes.push({
        layer: d.layer,
        urn: r.urn,
        type: r.type,
        name: r.name,
        op: "delete",
        why: "no resource of the pull request has its URN or an alias to it (removed, renamed or moved)",
      });
    }
    for (const c of d.changed.filter((c) => isStateful(c.type, c.urn))) {
      const forcing = c.paths.filter((p) =>
        (FORCE_NEW_INPUTS[c.type] ?? []).includes(p.split(/[.[]/)[0] ?? ""),
      );
      if (forcing.length > 0)
        changes.push({
          ...pick(c, d.layer),
          op: "replace",
          why: `changed ${forcing.map((p) => `\`${p}\``).join(", ")}`,
        });
    }
  }
  return changes;
}

/** Stateful replacements and deletions the engine planned in the layers' previews. */
export function previewStatefulChanges(runs: LayerRun[]): StatefulChange[] {
  return runs.flatMap((run) =>
    (run.result?.steps ?? [])
      .filter(
        (s) =>
          (s.op === "replace" || s.op === "create-replacement" || s.op === "delete") &&
          isStateful(s.type, s.urn),
      )
      .map((s) => ({
        layer: run.layer,
        urn: s.urn,
        type: s.type,
        name: s.urn.split("::").pop() ?? s.urn,
        op: s.op === "delete" ? ("delete" as const) : ("replace" as const),
        why:
          s.op === "delete"
            ? "deleted"
            : `replaced because of ${(s.replaceKeys ?? []).map((k) => `\`${k}\``).join(", ") || "the engine's diff"}`,
      })),
  );
}

const pick = (c: { urn: string; type: string; name: string }, layer: string) => ({
  layer,
  urn: c.urn,
  type: c.type,
  name: c.name,
});

/** `--pr-labels`: the pull request's label names as a JSON array (`toJSON(github.event.pull_request.labels.*.name)`). */
export function parseLabels(value: string | undefined): string[] {
  if (value === undefined || value.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError(
      `--pr-labels ${value}: expected a JSON array of label names, e.g. '["${STATEFUL_APPROVAL_LABEL}"]'`,
    );
  }
  if (!Array.isArray(parsed) || !parsed.every((l) => typeof l === "string"))
    throw new UsageError(`--pr-labels ${value}: expected a JSON array of label names`);
  return parsed;
}

export interface GuardVerdict {
  changes: StatefulChange[];
  approved: boolean;
  /** The check fails: stateful changes without the approval label. */
  blocked: boolean;
}

export function guardVerdict(changes: StatefulChange[], labels: string[]): GuardVerdict {
  const approved = labels.includes(STATEFUL_APPROVAL_LABEL);
  return { changes, approved, blocked: changes.length > 0 && !approved };
}

/** The guard's section of a pull request comment; empty when nothing stateful is replaced or deleted. */
export function renderGuard(stack: string, verdict: GuardVerdict): string {
  if (verdict.changes.length === 0) return "";
  const lines = verdict.blocked
    ? [
        "> [!CAUTION]",
        `> **Stateful-change guard: this pull request replaces or deletes ${verdict.changes.length} stateful resource(s) in \`${stack}\`; the check fails.**`,
        `> Data in them would be lost. If that is intended, a maintainer adds the label \`${STATEFUL_APPROVAL_LABEL}\` to the pull request to let it through.`,
      ]
    : [
        "> [!WARNING]",
        `> **Stateful-change guard: ${verdict.changes.length} stateful resource(s) in \`${stack}\` replaced or deleted, approved by the label \`${STATEFUL_APPROVAL_LABEL}\`.**`,
      ];
  lines.push(">");
  for (const c of verdict.changes)
    lines.push(`> - **${c.op}** \`${c.type}\` **${c.name}** (${c.layer}): ${c.why}`);
  return `${lines.join("\n")}\n`;
}
