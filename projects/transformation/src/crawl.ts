import { type LayerContext, RawCrawler } from "@lakehouse/components";
import { ERROR_PREFIX, type RawSource } from "@lakehouse/contracts";
import type { TransformationConfig } from "./config";
import type { GlueIdentities } from "./identities";
import { kebab, type Lake, RAW_SOURCES } from "./lake";

/** Folders below a source prefix that hold one table each (DMS writes `<schema>/<table>/`). */
const TABLE_DEPTH_BELOW_PREFIX: Record<RawSource, number> = {
  events: 0,
  googleAnalytics: 0,
  dynamodbCdc: 0,
  auroraCdc: 2,
};
const CRAWLER_EXCLUSIONS = [`${ERROR_PREFIX}**`, "**/_temporary/**", "**/*.crc", "**/_SUCCESS"];

/** One crawler per raw prefix, cataloguing its files as tables of the raw database. */
export function rawCrawlers(
  ctx: LayerContext,
  config: TransformationConfig,
  lake: Lake,
  glue: GlueIdentities,
): Record<RawSource, RawCrawler> {
  const p = ctx.namePrefix;
  return Object.fromEntries(
    RAW_SOURCES.map((source) => {
      const id = kebab(source);
      return [
        source,
        new RawCrawler(`raw-${id}`, {
          crawlerName: `${p}-raw-${id}`,
          description: `Raw ${source} files -> tables in the raw database`,
          databaseName: lake.rawDb,
          roleArn: glue.crawlerRole.arn,
          path: lake.rawUri(source),
          securityConfigurationName: glue.security.name,
          exclusions: CRAWLER_EXCLUSIONS,
          tableLevel: lake.rawPrefixes.apply(
            (all) => 1 + all[source].split("/").filter(Boolean).length + TABLE_DEPTH_BELOW_PREFIX[source],
          ),
          // The raw catalog serves queries of the raw database; no job waits for it.
          schedule: config.rawCrawlSchedule,
        }),
      ];
    }),
  ) as Record<RawSource, RawCrawler>;
}
