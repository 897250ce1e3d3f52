/** Per AWS runtime the platform runs on, the calls it makes with its principal's rights, each with its source. */
export { ATHENA } from "./athena";
export { type RuntimeBinding, type RuntimeBindings, runtimeAccess } from "./bind";
export { DMS_POSTGRES_SOURCE, DMS_S3_TARGET } from "./dms";
export { FIREHOSE } from "./firehose-format-conversion";
export { GLUE_CRAWLER } from "./glue-crawler";
export { GLUE_SPARK } from "./glue-spark";
export { QUICKSIGHT_ATHENA } from "./quicksight-athena";
