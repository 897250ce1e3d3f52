import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GlueAsset, type LayerContext } from "@lakehouse/components";
import { ERROR_PREFIX } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import type { TransformationConfig } from "./config";
import type { GlueIdentities } from "./identities";
import type { Lake } from "./lake";

/** Folder of the PySpark runners shipped to the assets bucket. */
export const JOBS_DIR = join(__dirname, "..", "jobs");
/** Key prefix of everything this layer uploads to the assets bucket. */
export const ASSETS_PREFIX = "glue/transformation/";
/** Delivery failures land in an `errors/` folder inside a source's prefix: never crawled, never refined. */
export const SOURCE_EXCLUSIONS = [`**/${ERROR_PREFIX}**`];

const readJob = (file: string) => readFileSync(join(JOBS_DIR, file), "utf8");

/**
 * What every Glue job of this layer shares: the runner scripts in the assets bucket, and the
 * role, security configuration, temp dir, logs and runner module each job is created with.
 */
export function jobRuntime(
  ctx: LayerContext,
  config: TransformationConfig,
  lake: Lake,
  glue: GlueIdentities,
) {
  const asset = (name: string, folder: string, fileName: string, content: pulumi.Input<string>) =>
    new GlueAsset(name, {
      bucket: lake.assetsBucket,
      keyPrefix: `${ASSETS_PREFIX}${folder}/`,
      fileName,
      content,
      kmsKeyArn: lake.dataKeyArn,
    });
  const runnerModule = asset(
    "runner-module",
    "scripts",
    "lakehouse_runner.py",
    readJob("lakehouse_runner.py"),
  );
  const refineScript = asset("refine-script", "scripts", "refine_job.py", readJob("refine_job.py"));
  const mergeScript = asset("cdc-merge-script", "scripts", "cdc_merge_job.py", readJob("cdc_merge_job.py"));

  const jobDefaults = {
    roleArn: glue.jobRole.arn,
    securityConfigurationName: glue.security.name,
    tempDir: pulumi.interpolate`s3://${lake.assetsBucket}/${ASSETS_PREFIX}tmp/`,
    logKmsKeyArn: glue.pipelineKey.arn,
    logRetentionInDays: config.logRetentionDays,
    extraPyFiles: [runnerModule.s3Uri],
  };
  return { namePrefix: ctx.namePrefix, asset, refineScript, mergeScript, jobDefaults };
}

export type JobRuntime = ReturnType<typeof jobRuntime>;
