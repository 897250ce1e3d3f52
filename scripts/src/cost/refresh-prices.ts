import { type Filter, GetProductsCommand, type GetProductsCommandOutput } from "@aws-sdk/client-pricing";
import { PRICE_KEYS, type Price, type PriceKey, type PriceSnapshot } from "./price-book";

/** What identifies one price in the AWS Price List: a service and the usage type's stem in the region. */
export interface PriceQuery {
  serviceCode: string;
  /** Part of the `usagetype` attribute after the region's prefix, e.g. `VpcEndpoint-Hours`. */
  usageType: string;
  /** More attribute filters, e.g. `{ databaseEngine: "Aurora PostgreSQL" }`. */
  attributes?: Record<string, string>;
  /** Price List unit per snapshot unit: S3 lists requests one by one, the snapshot per 1,000. */
  scale?: number;
}

/**
 * The Price List products behind each snapshot price: AWS service codes (Pricing API
 * DescribeServices) and the usage-type stems their on-demand SKUs carry. A stem no product of the
 * region matches is reported, and the snapshot keeps that price as it was.
 */
export const PRICE_QUERIES: Record<PriceKey, PriceQuery> = {
  "vpc.interfaceEndpointHour": { serviceCode: "AmazonVPC", usageType: "VpcEndpoint-Hours" },
  "vpc.interfaceEndpointGb": { serviceCode: "AmazonVPC", usageType: "VpcEndpoint-Bytes" },
  "vpc.natGatewayHour": { serviceCode: "AmazonEC2", usageType: "NatGateway-Hours" },
  "vpc.natGatewayGb": { serviceCode: "AmazonEC2", usageType: "NatGateway-Bytes" },
  "vpc.publicIpv4Hour": { serviceCode: "AmazonVPC", usageType: "PublicIPv4:InUseAddress" },
  "rds.auroraServerlessV2AcuHour": {
    serviceCode: "AmazonRDS",
    usageType: "Aurora:ServerlessV2Usage",
    attributes: { databaseEngine: "Aurora PostgreSQL" },
  },
  "rds.auroraStorageGbMonth": {
    serviceCode: "AmazonRDS",
    usageType: "Aurora:StorageUsage",
    attributes: { databaseEngine: "Aurora PostgreSQL" },
  },
  "rds.auroraIoMillion": {
    serviceCode: "AmazonRDS",
    usageType: "Aurora:StorageIOUsage",
    attributes: { databaseEngine: "Aurora PostgreSQL" },
    scale: 1_000_000,
  },
  "dms.serverlessDcuHour": { serviceCode: "AWSDatabaseMigrationSvc", usageType: "Serverless-DCU-Hour" },
  "dms.t3MicroHour": { serviceCode: "AWSDatabaseMigrationSvc", usageType: "InstanceUsg:dms.t3.micro" },
  "dms.storageGbMonth": { serviceCode: "AWSDatabaseMigrationSvc", usageType: "StorageUsage" },
  "kms.keyMonth": { serviceCode: "awskms", usageType: "KMS-Keys" },
  "kms.requests10k": { serviceCode: "awskms", usageType: "KMS-Requests", scale: 10_000 },
  "secretsmanager.secretMonth": { serviceCode: "AWSSecretsManager", usageType: "AWSSecretsManager-Secrets" },
  "cloudwatch.alarmMonth": { serviceCode: "AmazonCloudWatch", usageType: "CW:AlarmMonitorUsage" },
  "logs.ingestGb": { serviceCode: "AmazonCloudWatch", usageType: "DataProcessing-Bytes" },
  "logs.storageGbMonth": { serviceCode: "AmazonCloudWatch", usageType: "TimedStorage-ByteHrs" },
  "glue.etlDpuHour": { serviceCode: "AWSGlue", usageType: "ETL-DPU-Hour" },
  "glue.flexDpuHour": { serviceCode: "AWSGlue", usageType: "ETL-Flex-DPU-Hour" },
  "glue.crawlerDpuHour": { serviceCode: "AWSGlue", usageType: "Crawler-DPU-Hour" },
  "glue.optimizerDpuHour": { serviceCode: "AWSGlue", usageType: "TableOptimizer-DPU-Hour" },
  "s3.standardGbMonth": { serviceCode: "AmazonS3", usageType: "TimedStorage-ByteHrs" },
  "s3.putThousand": { serviceCode: "AmazonS3", usageType: "Requests-Tier1", scale: 1000 },
  "s3.interRegionGb": { serviceCode: "AWSDataTransfer", usageType: "AWS-Out-Bytes" },
  "athena.tbScanned": { serviceCode: "AmazonAthena", usageType: "DataScannedInTB" },
  "dynamodb.writeMillion": {
    serviceCode: "AmazonDynamoDB",
    usageType: "WriteRequestUnits",
    scale: 1_000_000,
  },
  "dynamodb.storageGbMonth": { serviceCode: "AmazonDynamoDB", usageType: "TimedStorage-ByteHrs" },
  "dynamodb.pitrGbMonth": { serviceCode: "AmazonDynamoDB", usageType: "TimedPITRStorage-ByteHrs" },
  "lambda.requestMillion": { serviceCode: "AWSLambda", usageType: "Request", scale: 1_000_000 },
  "lambda.gbSecond": { serviceCode: "AWSLambda", usageType: "Lambda-GB-Second" },
  "firehose.ingestGb": { serviceCode: "AmazonKinesisFirehose", usageType: "BilledBytes" },
  "firehose.formatConversionGb": {
    serviceCode: "AmazonKinesisFirehose",
    usageType: "DataFormatConversion-Bytes",
  },
  "appflow.flowRun": { serviceCode: "AmazonAppFlow", usageType: "FlowRun" },
  "appflow.dataGb": { serviceCode: "AmazonAppFlow", usageType: "DataProcessing-Bytes" },
  "sqs.requestMillion": { serviceCode: "AWSQueueService", usageType: "Requests-RBP", scale: 1_000_000 },
  "sns.publishMillion": { serviceCode: "AmazonSNS", usageType: "Requests-Tier1", scale: 1_000_000 },
};

/** The one call the refresh makes; the real PricingClient's `send` fits it (tests inject recorded responses). */
export type PricingSend = (
  command: GetProductsCommand,
) => Promise<Pick<GetProductsCommandOutput, "PriceList" | "NextToken">>;

/** One product of a GetProducts response (its PriceList entries are JSON documents). */
interface PriceListProduct {
  product: { sku: string; attributes: Record<string, string> };
  terms: {
    OnDemand?: Record<
      string,
      {
        priceDimensions: Record<
          string,
          { unit: string; description?: string; beginRange?: string; pricePerUnit: Record<string, string> }
        >;
      }
    >;
  };
}

export interface RefreshResult {
  snapshot: PriceSnapshot;
  refreshed: PriceKey[];
  /** Keys the Price List did not answer for (kept from the previous snapshot), with why. */
  missing: { key: PriceKey; reason: string }[];
}

/**
 * Rebuilds a region's snapshot from the AWS Price List: per price, the products of its service in
 * the region whose usage type ends with the stem, each page of GetProducts read; exactly one
 * on-demand SKU must match, and its first tier (the one starting at 0) is the price.
 */
export async function refreshPrices(
  send: PricingSend,
  previous: PriceSnapshot,
  today: string,
): Promise<RefreshResult> {
  const prices: Record<string, Price> = { ...previous.prices };
  const refreshed: PriceKey[] = [];
  const missing: RefreshResult["missing"] = [];
  for (const key of PRICE_KEYS) {
    const query = PRICE_QUERIES[key];
    const products = await getProducts(send, query, previous.region);
    const matching = products.filter((p) => (p.product.attributes.usagetype ?? "").endsWith(query.usageType));
    const skus = [...new Set(matching.map((p) => p.product.sku))];
    if (skus.length !== 1) {
      missing.push({
        key,
        reason:
          skus.length === 0
            ? `no ${query.serviceCode} product with usage type *${query.usageType} in ${previous.region}`
            : `${skus.length} ${query.serviceCode} SKUs match *${query.usageType} (${skus.join(", ")})`,
      });
      continue;
    }
    const product = matching[0] as PriceListProduct;
    const dimensions = Object.values(product.terms.OnDemand ?? {}).flatMap((t) =>
      Object.values(t.priceDimensions),
    );
    const first = dimensions.find((d) => (d.beginRange ?? "0") === "0") ?? dimensions[0];
    const usd = first ? Number(first.pricePerUnit.USD) : Number.NaN;
    if (!first || !Number.isFinite(usd)) {
      missing.push({ key, reason: `SKU ${product.product.sku} has no on-demand USD price` });
      continue;
    }
    const before = previous.prices[key];
    prices[key] = {
      usd: usd * (query.scale ?? 1),
      unit: before?.unit ?? first.unit,
      page: before?.page ?? "https://aws.amazon.com/pricing/",
      sku: product.product.sku,
      source: "price-list",
      recorded: today,
      detail:
        `${first.description ?? ""} (Price List unit ${first.unit}${query.scale ? ` x ${query.scale}` : ""})`.trim(),
    };
    refreshed.push(key);
  }
  return { snapshot: { ...previous, prices }, refreshed, missing };
}

async function getProducts(
  send: PricingSend,
  query: PriceQuery,
  region: string,
): Promise<PriceListProduct[]> {
  // CONTAINS narrows the service's products to the usage type server-side (API_pricing_Filter);
  // the exact suffix is checked on the answer.
  const filters: Filter[] = [
    { Type: "TERM_MATCH", Field: "regionCode", Value: region },
    { Type: "CONTAINS", Field: "usagetype", Value: query.usageType },
    ...Object.entries(query.attributes ?? {}).map(([Field, Value]) => ({
      Type: "TERM_MATCH" as const,
      Field,
      Value,
    })),
  ];
  const out: PriceListProduct[] = [];
  let token: string | undefined;
  do {
    const page = await send(
      new GetProductsCommand({
        ServiceCode: query.serviceCode,
        Filters: filters,
        FormatVersion: "aws_v1",
        NextToken: token,
      }),
    );
    for (const entry of page.PriceList ?? []) out.push(JSON.parse(String(entry)) as PriceListProduct);
    token = page.NextToken;
  } while (token);
  return out;
}
