import { SIGN_IN_OUTCOMES, type SignInCount, type SignInOutcome } from '../storage/repository.js';
import { utcDay } from '../storage/retention.js';

/**
 * A store's sign-ins per UTC day, ending today, oldest first: every day of the
 * period is there, a day without sign-ins as zeros, so a chart needs no gaps filled.
 */
export type SignInDay = { date: string } & Record<SignInOutcome, number>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The first day of a report of `days` days ending on the day of `now`. */
export function firstReportDay(now: number, days: number): string {
  return utcDay(now - (days - 1) * DAY_MS);
}

export function signInReport(counts: readonly SignInCount[], now: number, days: number): SignInDay[] {
  const report: SignInDay[] = [];
  const byDate = new Map<string, SignInDay>();
  for (let i = days - 1; i >= 0; i--) {
    const date = utcDay(now - i * DAY_MS);
    const day = { date, ...Object.fromEntries(SIGN_IN_OUTCOMES.map((outcome) => [outcome, 0])) } as SignInDay;
    report.push(day);
    byDate.set(date, day);
  }
  for (const { day, outcome, count } of counts) {
    const entry = byDate.get(day);
    if (entry !== undefined) entry[outcome] += count;
  }
  return report;
}
