import { writeFileSync } from "node:fs";
import { allowFlags, type ParsedArgs, stringFlag } from "../args";
import type { CommandSpec } from "../command-spec";
import { loadPriceSnapshot, snapshotFile } from "../cost/price-book";
import { type PricingSend, refreshPrices } from "../cost/refresh-prices";

export const pricesSpec: CommandSpec = {
  name: "prices",
  subcommand: "refresh",
  synopsis: "refresh [--region eu-west-1]",
  description:
    "Rebuilds the committed price snapshot of a region (scripts/src/cost/prices/<region>.json) from the AWS Price List (pricing:GetProducts; needs AWS credentials): each price gets its SKU, unit and today's date. A price the Price List does not answer for is kept as it was and named (exit 1).",
  flags: {
    region: "the snapshot's region (default eu-west-1, the stacks' region)",
  },
};

export interface PricesDeps {
  log?: (line: string) => void;
  /** The Pricing API call (default: @aws-sdk/client-pricing in us-east-1, the API's home region). */
  send?: PricingSend;
  today?: string;
  pricesDir?: string;
}

/** `lakehouse prices refresh [--region r]`. */
export async function pricesCommand(args: ParsedArgs, deps: PricesDeps = {}): Promise<number> {
  const log = deps.log ?? console.log;
  allowFlags(args, Object.keys(pricesSpec.flags));
  const region = stringFlag(args.flags, "region") ?? "eu-west-1";
  const previous = loadPriceSnapshot(region, deps.pricesDir);
  const send = deps.send ?? (await defaultSend());
  const today = deps.today ?? new Date().toISOString().slice(0, 10);
  const result = await refreshPrices(send, previous, today);
  const file = snapshotFile(region, deps.pricesDir);
  writeFileSync(file, `${JSON.stringify(result.snapshot, null, 2)}\n`);
  log(`prices ${region}: ${result.refreshed.length} refreshed from the Price List -> ${file}`);
  for (const m of result.missing) log(`prices ${region}: kept ${m.key} as it was: ${m.reason}`);
  return result.missing.length > 0 ? 1 : 0;
}

/** The real client, loaded only when a user refreshes (the tests inject `send`). */
async function defaultSend(): Promise<PricingSend> {
  const { PricingClient } = await import("@aws-sdk/client-pricing");
  // The Price List API is served from us-east-1 (also eu-central-1, ap-south-1); any region's prices.
  const client = new PricingClient({ region: "us-east-1" });
  return (command) => client.send(command);
}
