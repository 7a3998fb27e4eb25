/**
 * Wall-clock time in an IANA zone, computed with Intl so it is pure given the instant and follows
 * the zone's DST rules. Rules read local time through this and never through the host's zone.
 */

const DAY_MS = 86_400_000;

export interface WallTime {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight, 0..1439. */
  minuteOfDay: number;
}

export interface Zone {
  readonly timeZone: string;
  wall(ms: number): WallTime;
  /** The first instant of the local day containing `ms` (local midnight, or the DST change when midnight is skipped). */
  startOfDay(ms: number): number;
}

const mod = (a: number, b: number) => ((a % b) + b) % b;

export function isoDate(utcMidnightMs: number): string {
  return new Date(utcMidnightMs).toISOString().slice(0, 10);
}

/** The calendar day before an ISO date. */
export function previousDate(date: string): string {
  return isoDate(Date.parse(`${date}T00:00:00Z`) - DAY_MS);
}

export function zone(timeZone: string): Zone {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  // The local wall clock read as if it were UTC; its difference to `ms` is the offset in force.
  const localAsUtc = (ms: number): number => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const wall = new Date(0);
    wall.setUTCFullYear(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1);
    wall.setUTCHours(p.hour ?? 0, p.minute ?? 0, p.second ?? 0, mod(ms, 1000));
    return wall.getTime();
  };
  return {
    timeZone,
    wall(ms) {
      const local = localAsUtc(ms);
      const midnight = local - mod(local, DAY_MS);
      return { date: isoDate(midnight), weekday: new Date(midnight).getUTCDay(), minuteOfDay: Math.floor(mod(local, DAY_MS) / 60_000) };
    },
    startOfDay(ms) {
      const local = localAsUtc(ms);
      const midnight = local - mod(local, DAY_MS);
      // Midnight at the offset in force now, then at the offset in force at that guess: the second
      // step corrects for a DST change earlier today, and lands on the change itself when a zone
      // springs forward at 00:00 (so that day has no midnight).
      const guess = midnight - (local - ms);
      const start = midnight - (localAsUtc(guess) - guess);
      if (start <= ms && localAsUtc(start) >= midnight && localAsUtc(start - 1) < midnight) return start;
      // Rare shapes (a fall-back that repeats midnight, e.g. Havana): search the first instant of today.
      let lo = ms - 50 * 3_600_000;
      let hi = ms;
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (localAsUtc(mid) >= midnight) hi = mid;
        else lo = mid;
      }
      return hi;
    },
  };
}
