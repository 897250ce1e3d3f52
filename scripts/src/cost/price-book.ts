import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Where a figure comes from (see the snapshot's `note`). */
export type PriceSource = "price-list" | "aws-page" | "aws-page-us-east-1" | "secondary" | "unverified";

export interface Price {
  usd: number;
  unit: string;
  /** The AWS pricing page of the service. */
  page: string;
  /** The AWS Price List SKU, once `lakehouse prices refresh` has recorded it. */
  sku?: string;
  source: PriceSource;
  /** Day the figure was recorded (YYYY-MM-DD). */
  recorded: string;
  detail?: string;
}

export interface PriceSnapshot {
  region: string;
  currency: "USD";
  note: string;
  prices: Record<string, Price>;
}

/** Every price key the model uses; a snapshot must carry each (the tests hold it to that). */
export const PRICE_KEYS = [
  "vpc.interfaceEndpointHour",
  "vpc.interfaceEndpointGb",
  "vpc.natGatewayHour",
  "vpc.natGatewayGb",
  "vpc.publicIpv4Hour",
  "rds.auroraServerlessV2AcuHour",
  "rds.auroraStorageGbMonth",
  "rds.auroraIoMillion",
  "dms.serverlessDcuHour",
  "dms.t3MicroHour",
  "dms.storageGbMonth",
  "kms.keyMonth",
  "kms.requests10k",
  "secretsmanager.secretMonth",
  "cloudwatch.alarmMonth",
  "logs.ingestGb",
  "logs.storageGbMonth",
  "glue.etlDpuHour",
  "glue.flexDpuHour",
  "glue.crawlerDpuHour",
  "glue.optimizerDpuHour",
  "s3.standardGbMonth",
  "s3.putThousand",
  "s3.interRegionGb",
  "athena.tbScanned",
  "dynamodb.writeMillion",
  "dynamodb.storageGbMonth",
  "dynamodb.pitrGbMonth",
  "lambda.requestMillion",
  "lambda.gbSecond",
  "firehose.ingestGb",
  "firehose.formatConversionGb",
  "appflow.flowRun",
  "appflow.dataGb",
  "sqs.requestMillion",
  "sns.publishMillion",
] as const;
export type PriceKey = (typeof PRICE_KEYS)[number];

/** The committed snapshots, one file per region. */
export const PRICES_DIR = join(__dirname, "prices");

export function snapshotFile(region: string, dir = PRICES_DIR): string {
  return join(dir, `${region}.json`);
}

/** The committed price snapshot of a region; a region without one fails naming the command that makes it. */
export function loadPriceSnapshot(region: string, dir = PRICES_DIR): PriceSnapshot {
  const file = snapshotFile(region, dir);
  if (!existsSync(file))
    throw new Error(
      `no price snapshot for region ${region} (${file}): run "lakehouse prices refresh --region ${region}" with AWS credentials`,
    );
  const snapshot = JSON.parse(readFileSync(file, "utf8")) as PriceSnapshot;
  const missing = PRICE_KEYS.filter((k) => snapshot.prices[k] === undefined);
  if (missing.length > 0) throw new Error(`${file}: no price for ${missing.join(", ")}`);
  return snapshot;
}

/** USD of one price key. */
export const usd = (snapshot: PriceSnapshot, key: PriceKey): number => (snapshot.prices[key] as Price).usd;
