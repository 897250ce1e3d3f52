import type { Violation } from "./rule";

/**
 * A granted exception to one rule for the resources whose URN matches a pattern. Ask for one by
 * adding an entry to EXEMPTIONS in a pull request: CODEOWNERS makes the platform team review it,
 * and it stops applying the day after `expires`, so the violation comes back unless it was fixed.
 */
export interface Exemption {
  /** The rule's name, e.g. "s3-access-logging". */
  rule: string;
  /** URN pattern; `*` matches any run of characters, e.g. "urn:pulumi:dev::lakehouse-ingestion::*::orders". */
  urn: string;
  /** Why the rule cannot hold here, and what compensates for it. */
  reason: string;
  /** The team that owns the exception and its removal, e.g. "@acme-data/data-ingestion". */
  owner: string;
  /** Last day (UTC, YYYY-MM-DD) the exemption applies; at most MAX_EXEMPTION_DAYS ahead. */
  expires: string;
}

/** Exceptions must be revisited: no exemption may be granted for longer than this. */
export const MAX_EXEMPTION_DAYS = 90;

/** The granted exemptions. Keep each one narrow (one rule, the fewest URNs) and dated. */
export const EXEMPTIONS: readonly Exemption[] = [];

/** The first exemption that covers a violation on the given day, if any. */
export function findExemption(
  violation: Violation,
  exemptions: readonly Exemption[],
  now: Date,
): Exemption | undefined {
  return exemptions.find(
    (e) => e.rule === violation.rule && urnMatches(e.urn, violation.urn) && !isExpired(e, now),
  );
}

export function isExpired(exemption: Exemption, now: Date): boolean {
  const last = expiryDate(exemption);
  return last === undefined || now.getTime() >= last.getTime() + DAY_MS;
}

export function urnMatches(pattern: string, urn: string): boolean {
  const regex = pattern.split("*").map(escapeRegExp).join(".*");
  return new RegExp(`^${regex}$`).test(urn);
}

/** What is wrong with a list of exemptions (the test of EXEMPTIONS fails on any of these). */
export function exemptionProblems(
  exemptions: readonly Exemption[],
  ruleNames: readonly string[],
  now: Date,
): string[] {
  return exemptions.flatMap((e, i) => {
    const label = `exemption ${i + 1} (${e.rule} on ${e.urn})`;
    const problems: string[] = [];
    if (!ruleNames.includes(e.rule))
      problems.push(`${label}: no rule is called "${e.rule}"; use one of the pack's rule names.`);
    if (!e.urn.startsWith("urn:pulumi:"))
      problems.push(`${label}: the URN pattern must start with "urn:pulumi:".`);
    if (e.reason.trim().length < 20)
      problems.push(`${label}: explain the reason and what compensates for the missing control.`);
    if (!/^@[\w-]+\/[\w-]+$/.test(e.owner))
      problems.push(`${label}: owner must be a team handle like @acme-data/platform.`);
    const last = expiryDate(e);
    if (!last) problems.push(`${label}: expires must be a date written YYYY-MM-DD.`);
    else if (isExpired(e, now))
      problems.push(
        `${label}: expired on ${e.expires}; fix the resource and delete the exemption, or ask for a new one.`,
      );
    else if (last.getTime() - now.getTime() > MAX_EXEMPTION_DAYS * DAY_MS) {
      problems.push(`${label}: expires more than ${MAX_EXEMPTION_DAYS} days ahead; choose an earlier date.`);
    }
    return problems;
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;

function expiryDate(exemption: Exemption): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(exemption.expires)) return undefined;
  const date = new Date(`${exemption.expires}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
