import { scheduleFiresPerDay } from "../freshness/schedule";
import type { PlanResource } from "../plan/plan-file";
import { DAYS_PER_MONTH } from "./hours";

/** Runs a month of one Glue job or crawler: started by a schedule (data or not) or by new data. */
export interface Runs {
  scheduled: number;
  event: number;
}

interface TriggerInputs {
  type?: string;
  schedule?: string;
  enabled?: boolean;
  actions?: { jobName?: string; crawlerName?: string }[];
  predicate?: {
    logical?: string;
    conditions?: { jobName?: string; crawlerName?: string; state?: string; crawlState?: string }[];
  };
  eventBatchingCondition?: { batchSize?: number; batchWindow?: number };
}

const runsOf = (m: Map<string, Runs>, name: string): Runs => m.get(name) ?? { scheduled: 0, event: 0 };

/**
 * Runs a month per Glue job and crawler name, from the planned triggers and crawler schedules:
 * a SCHEDULED trigger fires on its cron, an EVENT trigger per batch of new data (`eventRuns` a
 * month, a usage assumption), a CONDITIONAL trigger as often as what it watches ends (the fewest
 * of its conditions with AND, their sum with ANY), an ON_DEMAND trigger never by itself.
 */
export function glueRuns(resources: PlanResource[], eventRuns: number): Map<string, Runs> {
  const runs = new Map<string, Runs>();
  const add = (name: string, r: Runs) => {
    const before = runsOf(runs, name);
    runs.set(name, { scheduled: before.scheduled + r.scheduled, event: before.event + r.event });
  };
  for (const c of resources.filter((r) => r.type === "aws:glue/crawler:Crawler")) {
    const schedule = c.inputs.schedule as string | undefined;
    if (schedule) add(c.inputs.name as string, { scheduled: monthly(schedule), event: 0 });
  }
  const triggers = resources
    .filter((r) => r.type === "aws:glue/trigger:Trigger")
    .map((r) => r.inputs as TriggerInputs);
  for (const t of triggers) {
    if (t.enabled === false) continue;
    const r: Runs | undefined =
      t.type === "SCHEDULED" && t.schedule
        ? { scheduled: monthly(t.schedule), event: 0 }
        : t.type === "EVENT"
          ? { scheduled: 0, event: eventRuns }
          : undefined;
    if (r) for (const a of t.actions ?? []) add(actionName(a), r);
  }
  // Conditional triggers follow what they watch; chains resolve in as many passes as they are long.
  const conditional = triggers.filter((t) => t.type === "CONDITIONAL" && t.enabled !== false);
  const resolved = new Map<TriggerInputs, Runs>();
  for (let pass = 0; pass < conditional.length; pass++) {
    for (const t of conditional) {
      if (resolved.has(t)) continue;
      const watched = (t.predicate?.conditions ?? []).map((c) => actionName(c));
      if (watched.some((w) => conditional.some((o) => o !== t && !resolved.has(o) && startsOf(o, w))))
        continue;
      const each = watched.map((w) => runsOf(runs, w));
      const any = t.predicate?.logical === "ANY";
      const r: Runs = {
        scheduled: combine(
          each.map((e) => e.scheduled),
          any,
        ),
        event: combine(
          each.map((e) => e.event),
          any,
        ),
      };
      resolved.set(t, r);
      for (const a of t.actions ?? []) add(actionName(a), r);
    }
  }
  return runs;
}

const startsOf = (t: TriggerInputs, name: string) => (t.actions ?? []).some((a) => actionName(a) === name);
const actionName = (a: { jobName?: string; crawlerName?: string }) => a.jobName ?? a.crawlerName ?? "";
const combine = (values: number[], any: boolean) =>
  values.length === 0 ? 0 : any ? values.reduce((s, v) => s + v, 0) : Math.min(...values);
const monthly = (schedule: string) => scheduleFiresPerDay(schedule) * DAYS_PER_MONTH;
