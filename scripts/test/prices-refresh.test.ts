import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GetProductsCommand, GetProductsCommandOutput } from "@aws-sdk/client-pricing";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { pricesCommand } from "../src/commands/prices";
import { loadPriceSnapshot, PRICE_KEYS, PRICES_DIR, type PriceSnapshot } from "../src/cost/price-book";
import { PRICE_QUERIES, refreshPrices } from "../src/cost/refresh-prices";

/**
 * A GetProducts product as the Price List API returns it (API_pricing_GetProducts: PriceList is a
 * list of JSON documents, each a product with its attributes and its OnDemand terms).
 */
function product(
  sku: string,
  serviceCode: string,
  usagetype: string,
  usd: string,
  unit: string,
  beginRange = "0",
) {
  return JSON.stringify({
    product: {
      productFamily: "Recorded",
      attributes: { regionCode: "eu-west-1", servicecode: serviceCode, usagetype, location: "EU (Ireland)" },
      sku,
    },
    serviceCode,
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions: {
            [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: {
              unit,
              endRange: "Inf",
              description: `${usd} USD per ${unit} (recorded)`,
              appliesTo: [],
              rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT7`,
              beginRange,
              pricePerUnit: { USD: usd },
            },
          },
          sku,
          effectiveDate: "2026-11-01T00:00:00Z",
          offerTermCode: "JRTCKXETXF",
          termAttributes: {},
        },
      },
    },
    version: "20261101000000",
    publicationDate: "2026-11-01T00:00:00Z",
  });
}

type Page = Pick<GetProductsCommandOutput, "PriceList" | "NextToken">;

/** Recorded answers per service code and usage-type filter, in pages; records every request. */
function recordedPricing(pages: Record<string, Page[]>) {
  const requests: GetProductsCommand["input"][] = [];
  const send = async (command: GetProductsCommand): Promise<Page> => {
    requests.push(command.input);
    const usage = command.input.Filters?.find((f) => f.Field === "usagetype")?.Value;
    const all = pages[`${command.input.ServiceCode}/${usage}`] ?? [{ PriceList: [] }];
    const index = command.input.NextToken === undefined ? 0 : Number(command.input.NextToken);
    return all[index] as Page;
  };
  return { send, requests };
}

const previous = (): PriceSnapshot => loadPriceSnapshot("eu-west-1");

describe("lakehouse prices refresh", () => {
  it("asks GetProducts per price for the region's products of that usage type, reading every page", async () => {
    const { send, requests } = recordedPricing({
      "AmazonVPC/VpcEndpoint-Hours": [
        {
          PriceList: [product("OTHER1", "AmazonVPC", "EU-VpcEndpoint-Hours-Extra", "9", "Hrs")],
          NextToken: "1",
        },
        { PriceList: [product("SKU1VPCE", "AmazonVPC", "EU-VpcEndpoint-Hours", "0.0110000000", "Hrs")] },
      ],
    });
    const result = await refreshPrices(send, previous(), "2026-12-07");
    const endpoint = requests.filter(
      (r) => r.ServiceCode === "AmazonVPC" && r.Filters?.some((f) => f.Value === "VpcEndpoint-Hours"),
    );
    expect(endpoint).toEqual([
      {
        ServiceCode: "AmazonVPC",
        FormatVersion: "aws_v1",
        NextToken: undefined,
        Filters: [
          { Type: "TERM_MATCH", Field: "regionCode", Value: "eu-west-1" },
          { Type: "CONTAINS", Field: "usagetype", Value: "VpcEndpoint-Hours" },
        ],
      },
      expect.objectContaining({ NextToken: "1" }),
    ]);
    // the product on page 2 is the one whose usage type ends with the stem
    expect(result.snapshot.prices["vpc.interfaceEndpointHour"]).toMatchObject({
      usd: 0.011,
      sku: "SKU1VPCE",
      source: "price-list",
      recorded: "2026-12-07",
      unit: "endpoint-AZ-hour",
      page: "https://aws.amazon.com/privatelink/pricing/",
    });
    expect(result.refreshed).toContain("vpc.interfaceEndpointHour");
  });

  it("scales per-request prices to the snapshot's unit", async () => {
    const { send } = recordedPricing({
      "AmazonS3/Requests-Tier1": [
        {
          PriceList: [product("SKUS3PUT", "AmazonS3", "EU-Requests-Tier1", "0.0000050000", "Requests")],
        },
      ],
      "AmazonCloudWatch/DataProcessing-Bytes": [
        {
          PriceList: [
            product("SKULOGS", "AmazonCloudWatch", "EU-DataProcessing-Bytes", "0.5700000000", "GB"),
          ],
        },
      ],
    });
    const result = await refreshPrices(send, previous(), "2026-12-07");
    expect(result.snapshot.prices["s3.putThousand"]?.usd).toBeCloseTo(0.005, 10);
    expect(result.snapshot.prices["s3.putThousand"]?.detail).toMatch(/Price List unit Requests x 1000/);
    expect(result.snapshot.prices["logs.ingestGb"]).toMatchObject({ usd: 0.57, sku: "SKULOGS" });
  });

  it("keeps a price the Price List does not answer for, or answers ambiguously, and names it", async () => {
    const { send } = recordedPricing({
      "AWSGlue/ETL-DPU-Hour": [
        {
          PriceList: [
            product("SKUA", "AWSGlue", "EU-ETL-DPU-Hour", "0.44", "DPU-Hour"),
            product("SKUB", "AWSGlue", "EU-Other-ETL-DPU-Hour", "0.44", "DPU-Hour"),
          ],
        },
      ],
    });
    const before = previous();
    const result = await refreshPrices(send, before, "2026-12-07");
    expect(result.missing).toContainEqual({
      key: "glue.etlDpuHour",
      reason: "2 AWSGlue SKUs match *ETL-DPU-Hour (SKUA, SKUB)",
    });
    expect(result.missing).toContainEqual({
      key: "kms.keyMonth",
      reason: "no awskms product with usage type *KMS-Keys in eu-west-1",
    });
    expect(result.snapshot.prices["glue.etlDpuHour"]).toEqual(before.prices["glue.etlDpuHour"]);
    expect(result.snapshot.prices["kms.keyMonth"]).toEqual(before.prices["kms.keyMonth"]);
  });

  it("has a Price List query for every price the model uses", () => {
    for (const key of PRICE_KEYS) expect(PRICE_QUERIES[key]?.serviceCode, key).toMatch(/^[A-Za-z0-9]+$/);
  });

  it("writes the snapshot file and exits 1 naming what it kept, without any network (injected client)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lakehouse-prices-"));
    cpSync(join(PRICES_DIR, "eu-west-1.json"), join(dir, "eu-west-1.json"));
    const { send } = recordedPricing({
      "awskms/KMS-Keys": [
        { PriceList: [product("SKUKMS", "awskms", "eu-west-1-KMS-Keys", "1.0000000000", "Keys")] },
      ],
    });
    const lines: string[] = [];
    const code = await pricesCommand(parseArgs(["prices", "--region", "eu-west-1"]), {
      send,
      today: "2026-12-07",
      pricesDir: dir,
      log: (l) => lines.push(l),
    });
    expect(code).toBe(1);
    expect(lines[0]).toBe(
      `prices eu-west-1: 1 refreshed from the Price List -> ${join(dir, "eu-west-1.json")}`,
    );
    expect(lines).toContain(
      "prices eu-west-1: kept glue.etlDpuHour as it was: no AWSGlue product with usage type *ETL-DPU-Hour in eu-west-1",
    );
    const written = JSON.parse(readFileSync(join(dir, "eu-west-1.json"), "utf8")) as PriceSnapshot;
    expect(written.prices["kms.keyMonth"]).toMatchObject({ usd: 1, sku: "SKUKMS", source: "price-list" });
    expect(written.prices["glue.etlDpuHour"]).toEqual(previous().prices["glue.etlDpuHour"]);
  });
});
