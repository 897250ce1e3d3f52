import {
  type AthenaWorkgroup,
  type LayerContext,
  ReaderGrants,
  readerTagExpressions,
} from "@lakehouse/components";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AnalyticsConfig } from "./config";
import type { Lake } from "./lake";

/** Readers: Lake Formation SELECT by LF-tag on refined and cdc (never the excluded sensitivity), and the analyst role. */
export function lakeReaders(
  ctx: LayerContext,
  config: AnalyticsConfig,
  lake: Lake,
  workgroup: AthenaWorkgroup,
) {
  const grants = new ReaderGrants("readers", {
    databaseNames: [lake.refinedDatabase, lake.cdcDatabase],
    expressions: lake.lfTags.apply((tags) =>
      readerTagExpressions(tags, {
        domains: config.readerDomains.length > 0 ? config.readerDomains : undefined,
        excludedSensitivity: config.excludedSensitivity,
      }),
    ),
  });
  const analystTrust =
    config.analystTrustedPrincipals.length > 0
      ? pulumi.output(config.analystTrustedPrincipals)
      : pulumi.interpolate`arn:aws:iam::${lake.account}:root`.apply((root) => [root]);
  const analyst = new aws.iam.Role("analyst", {
    name: `${ctx.namePrefix}-analyst`,
    description: "Analysts: run report queries in the analytics workgroup, read non-sensitive lake data",
    maxSessionDuration: 3600 * 4,
    assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
      statements: [{ actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: analystTrust }] }],
    }).json,
  });
  workgroup.grantQuery("analyst-athena", analyst);
  grants.grantRead("analyst", analyst.arn, analyst);
  return { grants, analyst };
}
