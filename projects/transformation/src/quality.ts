import { REFINED_PREFIXES } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TransformationConfig } from "./config";
import type { JobRuntime } from "./job-runtime";
import { kebab, type Lake } from "./lake";
import { CDC_SPECS, qualityRules, REFINED_SPECS, renderDqdl, rulesetName, type TableSpec } from "./specs";

/** A table's data-quality gate: the catalog ruleset and the same DQDL shipped for its job. */
export interface TableQuality {
  name: pulumi.Output<string>;
  arn: pulumi.Output<string>;
  /** The DQDL in the assets bucket, which the job evaluates (job argument / manifest entry). */
  rulesetPath: pulumi.Output<string>;
  /** `s3://<refined>/quarantine/<table>/`: where a failing batch goes instead of the table. */
  quarantinePath: pulumi.Output<string>;
}

/**
 * Every refined and current table gets a Glue Data Quality ruleset generated from its spec
 * (specs/quality.ts), attached to its catalog table so the console's Data quality tab and
 * catalog evaluation runs see it. Its job evaluates the same text on each batch before publishing.
 */
export function dataQualityRulesets(
  config: TransformationConfig,
  lake: Lake,
  runtime: JobRuntime,
): Record<string, TableQuality> {
  const specs: TableSpec[] = [...REFINED_SPECS, ...CDC_SPECS];
  return Object.fromEntries(
    specs.map((spec) => {
      const target = config.freshnessTargetMinutes[spec.dataset];
      if (target === undefined)
        throw new Error(
          `data quality: table ${spec.dataset} has no freshness target (freshnessTargetMinutes)`,
        );
      const dqdl = renderDqdl(qualityRules(spec, target));
      const id = kebab(spec.dataset);
      const ruleset = new aws.glue.DataQualityRuleset(`dq-${id}`, {
        name: rulesetName(runtime.namePrefix, spec),
        description: `Generated from the table spec "${spec.dataset}": what its job checks before publishing a batch`,
        ruleset: dqdl,
        targetTable: {
          databaseName: spec.kind === "cdc" ? lake.cdcDb : lake.refinedDb,
          tableName: spec.table,
        },
      });
      const asset = runtime.asset(`dq-${id}-ruleset`, "quality", `${id}.dqdl`, dqdl);
      return [
        spec.dataset,
        {
          name: ruleset.name,
          arn: ruleset.arn,
          rulesetPath: asset.s3Uri,
          quarantinePath: pulumi.interpolate`s3://${lake.refinedBucket}/${REFINED_PREFIXES.quarantine}${spec.table}/`,
        },
      ];
    }),
  );
}
