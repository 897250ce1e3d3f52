import {
  BACKFILL_REPORT_ONLY_RULE_TYPES,
  type LakeStorageOutputs,
  type Placement,
  type TransformationOutputs,
} from "@lakehouse/contracts";
import { UsageError } from "../args";

/**
 * What `lakehouse data backfill|replay` starts: one Glue job run with the arguments that make it a
 * reprocessing run. Names come from the stack's outputs (transformation's refinedTables,
 * refineJobNames, icebergTables, cdcMergeJobName; lake-storage's environment), the account and
 * region from stacks/accounts.yaml.
 */
export interface DataRun {
  stack: string;
  account: string;
  region: string;
  /** lake-storage's `environment` output: a prod run is confirmed first. */
  environment: string;
  jobName: string;
  /** StartJobRun Arguments: laid over the job's default arguments for this run only. */
  arguments: Record<string, string>;
  /** What the run does, for the user to read before it starts. */
  what: string[];
}

/** The layers' outputs a data command reads (from the stack, via the Automation API). */
export interface DataOutputs {
  transformation: Pick<
    TransformationOutputs,
    "refinedTables" | "refineJobNames" | "icebergTables" | "cdcMergeJobName" | "jobRoleArn"
  >;
  "lake-storage": Pick<LakeStorageOutputs, "environment" | "refinedDatabaseName" | "cdcDatabaseName">;
}

/**
 * A reprocessing run reads its whole source and leaves the job bookmark as it is (Glue developer
 * guide, "Tracking processed data using job bookmarks": job-bookmark-disable always processes the
 * entire dataset; job-bookmark-pause would read only what the bookmark has not seen, and its
 * from/to bounds are run ids, not days). The runners refuse a backfill or replay run with any
 * other option (jobs/lakehouse_runner.py require_reprocessing_run).
 */
export const REPROCESS_BOOKMARK_OPTION = "job-bookmark-disable";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A `YYYY-MM-DD` flag that is a real day. */
export function dayFlag(name: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`--${name} is required (a day, YYYY-MM-DD)`);
  const parsed = new Date(`${value}T00:00:00Z`);
  if (!DAY.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value)
    throw new UsageError(`--${name} must be a day YYYY-MM-DD, got "${value}"`);
  return value;
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

const entries = (m: Record<string, string>) => Object.entries(m);

function checkAccount(stack: string, placement: Placement, outputs: DataOutputs): void {
  // The outputs' own ARNs name the account the stack was deployed to; it must be the one the topology gives.
  const deployed = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(outputs.transformation.jobRoleArn)?.[1];
  if (deployed !== placement.account)
    throw new UsageError(
      `stack ${stack}: transformation's jobRoleArn ${outputs.transformation.jobRoleArn} is not in account ${placement.account} (stacks/accounts.yaml); the stack outputs and the topology disagree`,
    );
}

function header(
  stack: string,
  placement: Placement,
  outputs: DataOutputs,
  jobName: string,
  args: Record<string, string>,
) {
  return [
    `stack:     ${stack} (environment ${outputs["lake-storage"].environment}), account ${placement.account}, region ${placement.region}`,
    `job:       ${jobName}`,
    `arguments: ${entries(args)
      .map(([k, v]) => `${k} ${v}`)
      .join(" ")}`,
  ];
}

/** `lakehouse data backfill`: the refine job of `table`, over the days `from`..`to`. */
export function backfillRun(
  stack: string,
  placement: Placement,
  outputs: DataOutputs,
  table: string,
  from: string,
  to: string,
): DataRun {
  checkAccount(stack, placement, outputs);
  const t = outputs.transformation;
  const dataset = entries(t.refinedTables).find(([, name]) => name === table)?.[0];
  if (dataset === undefined) {
    const iceberg = Object.values(t.icebergTables).includes(table)
      ? ` (${table} is an Iceberg table: lakehouse data replay)`
      : "";
    throw new UsageError(
      `unknown refined table "${table}" in stack ${stack}${iceberg}; refined tables: ${Object.values(t.refinedTables).join(", ")}`,
    );
  }
  const jobName = t.refineJobNames[dataset];
  if (jobName === undefined)
    throw new UsageError(
      `stack ${stack}: transformation's refineJobNames has no job for ${dataset} (redeploy transformation)`,
    );
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const days = daysBetween(from, to);
  const args = {
    "--job-bookmark-option": REPROCESS_BOOKMARK_OPTION,
    "--backfill_from": from,
    "--backfill_to": to,
    "--dq_report_only": JSON.stringify(BACKFILL_REPORT_ONLY_RULE_TYPES),
  };
  return {
    stack,
    account: placement.account,
    region: placement.region,
    environment: outputs["lake-storage"].environment,
    jobName,
    arguments: args,
    what: [
      `backfill ${outputs["lake-storage"].refinedDatabaseName}.${table}: ${days.length} day partition(s), ${from} to ${to}`,
      ...header(stack, placement, outputs, jobName, args),
      "reads:     every raw file of the dataset (the job bookmark is not read and not moved)",
      "writes:    each day of the range the raw files hold rows for, rebuilt from them alone (dynamic partition overwrite); other days untouched",
    ],
  };
}

/** `lakehouse data replay`: the CDC merge job rebuilding the Iceberg table `table` from its change log. */
export function replayRun(stack: string, placement: Placement, outputs: DataOutputs, table: string): DataRun {
  checkAccount(stack, placement, outputs);
  const t = outputs.transformation;
  const entity = entries(t.icebergTables).find(([, name]) => name === table)?.[0];
  if (entity === undefined) {
    const refined = Object.values(t.refinedTables).includes(table)
      ? ` (${table} is a refined table: lakehouse data backfill)`
      : "";
    throw new UsageError(
      `unknown Iceberg table "${table}" in stack ${stack}${refined}; Iceberg tables: ${Object.values(t.icebergTables).join(", ")}`,
    );
  }
  const args = { "--job-bookmark-option": REPROCESS_BOOKMARK_OPTION, "--replay_entity": entity };
  return {
    stack,
    account: placement.account,
    region: placement.region,
    environment: outputs["lake-storage"].environment,
    jobName: t.cdcMergeJobName,
    arguments: args,
    what: [
      `replay ${outputs["lake-storage"].cdcDatabaseName}.${table}: rebuilt from its whole raw change log`,
      ...header(stack, placement, outputs, t.cdcMergeJobName, args),
      "reads:     every change file of the entity (the job bookmark is not read and not moved)",
      "writes:    every row of the table replaced by each key's latest change, deletes kept as tombstones (one Iceberg overwrite commit)",
    ],
  };
}
