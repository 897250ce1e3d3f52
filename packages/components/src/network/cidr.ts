/** Minimal IPv4 CIDR arithmetic for laying out subnets deterministically. */

function toInt(ip: string): number {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`"${ip}" is not an IPv4 address`);
  }
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

function toIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

export function parseCidr(cidr: string): { base: number; prefix: number } {
  const [ip = "", bits = ""] = cidr.split("/");
  const prefix = Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32)
    throw new Error(`"${cidr}" is not an IPv4 CIDR block`);
  const size = 2 ** (32 - prefix);
  const base = toInt(ip);
  if (base % size !== 0) throw new Error(`"${cidr}" has host bits set`);
  return { base, prefix };
}

/** The `index`-th block of length `newPrefix` inside `cidr` (like Terraform's `cidrsubnet`). */
export function subnetCidr(cidr: string, newPrefix: number, index: number): string {
  const { base, prefix } = parseCidr(cidr);
  if (newPrefix < prefix || newPrefix > 28) {
    throw new Error(`cannot carve /${newPrefix} subnets out of ${cidr} (AWS subnets are /16 to /28)`);
  }
  const count = 2 ** (newPrefix - prefix);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(`subnet ${index} of /${newPrefix} does not fit in ${cidr} (${count} available)`);
  }
  return `${toIp(base + index * 2 ** (32 - newPrefix))}/${newPrefix}`;
}

export type SubnetTier = "private" | "isolated" | "public";

/**
 * Subnet layout of a VPC (/16 to /20) over up to 6 AZs: private (compute) subnets take the first
 * six eighths, isolated and public subnets a sixty-fourth each from the last two eighths, so
 * adding an AZ never renumbers an existing subnet.
 */
export function tierCidr(vpcCidr: string, tier: SubnetTier, azIndex: number): string {
  const { prefix } = parseCidr(vpcCidr);
  if (prefix < 16 || prefix > 20) throw new Error(`VPC CIDR ${vpcCidr} must be /16 to /20`);
  if (azIndex < 0 || azIndex > 5)
    throw new Error(`at most 6 availability zones are supported (got index ${azIndex})`);
  if (tier === "private") return subnetCidr(vpcCidr, prefix + 3, azIndex);
  return subnetCidr(vpcCidr, prefix + 6, (tier === "isolated" ? 48 : 56) + azIndex);
}
