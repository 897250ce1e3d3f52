import { Ga4Flow, type LayerContext } from "@lakehouse/components";
import { RAW_PREFIXES } from "@lakehouse/contracts";
import type { IngestionConfig, IngestionSecrets } from "./config";
import type { Upstream } from "./upstream";

/** Google Analytics 4 -> AppFlow -> raw zone (Parquet). */
export function googleAnalytics(
  ctx: LayerContext,
  config: IngestionConfig,
  secrets: IngestionSecrets,
  up: Upstream,
) {
  return new Ga4Flow("ga4", {
    name: `${ctx.namePrefix}-ga4`,
    credentials: {
      clientId: secrets.ga4ClientId,
      clientSecret: secrets.ga4ClientSecret,
      refreshToken: secrets.ga4RefreshToken,
    },
    propertyId: config.ga4PropertyId,
    object: config.ga4Object,
    dimensions: config.ga4Dimensions,
    metrics: config.ga4Metrics,
    schedule: config.ga4Schedule,
    bucketName: up.raw.bucketName,
    prefix: RAW_PREFIXES.googleAnalytics,
    kmsKeyArn: up.kmsKeyArn,
    tags: { ...ctx.tags },
  });
}
