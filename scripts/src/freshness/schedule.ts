/**
 * The longest wait between two runs of a schedule, in minutes: how long data that just missed a
 * run waits for the next one. Anything this cannot model fails loudly rather than guessing.
 */

/** Glue cron, six fields (AWS Glue, "Time-based schedules for jobs and crawlers"): `cron(Minutes Hours DoM Month DoW Year)`. */
export function cronMaxGapMinutes(expression: string): number {
  const m = /^cron\((.+)\)$/.exec(expression.trim());
  const fields = m?.[1]?.trim().split(/\s+/);
  if (fields?.length !== 6) throw new Error(`schedule "${expression}": not a six-field cron(...) expression`);
  const [minutes, hours, ...calendar] = fields as [string, string, string, string, string, string];
  // Every day alike: the gap is found within one day. Calendar restrictions make gaps of days,
  // which this model does not compute.
  for (const f of calendar) {
    if (f !== "*" && f !== "?")
      throw new Error(
        `schedule "${expression}": day-of-month, month, day-of-week and year must be * or ? for the freshness model (got "${f}")`,
      );
  }
  const mins = expand(minutes, 0, 59, expression);
  const hrs = expand(hours, 0, 23, expression);
  const fires = hrs.flatMap((h) => mins.map((mm) => h * 60 + mm)).sort((a, b) => a - b);
  let gap = 0;
  for (let i = 0; i < fires.length; i++) {
    const next = i + 1 < fires.length ? (fires[i + 1] as number) : (fires[0] as number) + 24 * 60;
    gap = Math.max(gap, next - (fires[i] as number));
  }
  return gap;
}

/** How many times a day a schedule fires (cron or rate), for the cost model's runs per month. */
export function scheduleFiresPerDay(expression: string): number {
  if (expression.trim().startsWith("rate(")) return (24 * 60) / rateMinutes(expression);
  const fields = /^cron\((.+)\)$/.exec(expression.trim())?.[1]?.trim().split(/\s+/);
  cronMaxGapMinutes(expression); // the same checks: six fields, every day alike
  const [minutes, hours] = fields as [string, string];
  return expand(minutes, 0, 59, expression).length * expand(hours, 0, 23, expression).length;
}

/** One cron field as the values it fires on (`*`, `n`, `a-b`, `a/s`, `*\/s`, `a-b/s`, lists). */
function expand(field: string, min: number, max: number, expression: string): number[] {
  const out = new Set<number>();
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/") as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo: number;
    let hi: number;
    if (range === "*") [lo, hi] = [min, max];
    else if (range.includes("-")) [lo, hi] = range.split("-").map(Number) as [number, number];
    else [lo, hi] = [Number(range), stepText === undefined ? Number(range) : max];
    if (![lo, hi, step].every(Number.isInteger) || lo < min || hi > max || lo > hi || step < 1)
      throw new Error(`schedule "${expression}": cannot read the cron field "${field}"`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out];
}

const RATE_UNITS: Record<string, number> = { minute: 1, hour: 60, day: 24 * 60 };

/** `rate(N unit)`, as EventBridge and AppFlow write it (AppFlow's examples drop the space: `rate(1days)`). */
export function rateMinutes(expression: string): number {
  const m = /^rate\((\d+)\s*(minute|hour|day)s?\)$/.exec(expression.trim());
  if (!m) throw new Error(`schedule "${expression}": not a rate(N minutes|hours|days) expression`);
  return Number(m[1]) * (RATE_UNITS[m[2] as string] as number);
}

/** A schedule expression of either kind. */
export function scheduleMaxGapMinutes(expression: string): number {
  return expression.trim().startsWith("rate(") ? rateMinutes(expression) : cronMaxGapMinutes(expression);
}

/**
 * The longest a change waits for a run that will pick it up, for runs started every `periodMinutes`
 * that take up to `runMinutes` with one run at a time (Glue jobs and workflows here allow one
 * concurrent run: a start while one runs is refused, so the next start that succeeds is the first
 * tick after the running one ends; a tick at the very minute it ends counts as refused).
 */
export function scheduledWaitMinutes(periodMinutes: number, runMinutes: number): number {
  return periodMinutes * (Math.floor(runMinutes / periodMinutes) + 1);
}
