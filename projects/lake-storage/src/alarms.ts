import { AlarmTopic, type LayerContext } from "@lakehouse/components";
import type { LakeStorageConfig } from "./config";

/** The stack's one alarm topic: ingestion's and transformation's alarms all notify it. */
export function alarmTopic(ctx: LayerContext, config: LakeStorageConfig): AlarmTopic {
  return new AlarmTopic("alarms", {
    topicName: `${ctx.namePrefix}-alarms`,
    keyAliasName: `${ctx.namePrefix}-alarms`,
    emails: config.alarmEmails,
    retain: ctx.retainData,
  });
}
