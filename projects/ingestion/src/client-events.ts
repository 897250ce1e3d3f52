import { EventsDeliveryStream, type LayerContext } from "@lakehouse/components";
import { RAW_PREFIXES } from "@lakehouse/contracts";
import type { IngestionConfig } from "./config";
import type { Upstream } from "./upstream";

/** Client events -> Firehose "events" (JSON -> Parquet) -> raw zone. */
export function clientEvents(ctx: LayerContext, config: IngestionConfig, up: Upstream) {
  return new EventsDeliveryStream("events", {
    name: `${ctx.namePrefix}-events`,
    ...up.raw,
    kmsKeyArn: up.kmsKeyArn,
    prefix: RAW_PREFIXES.events,
    databaseName: up.rawDatabaseName,
    tableName: "client_events",
    bufferingSizeMb: config.eventsBufferingSizeMb,
    bufferingIntervalSeconds: config.eventsBufferingIntervalSeconds,
    ...(config.eventsProducerPrincipals.length > 0
      ? { producerPrincipals: config.eventsProducerPrincipals }
      : {}),
    logRetentionDays: config.logRetentionDays,
    retain: ctx.retainData,
  });
}
