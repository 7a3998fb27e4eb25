import { EndStatus } from '../end-status.ts';
import { previousDate, zone, type WallTime } from './local-time.ts';
import { WEEKDAYS, type WorkTimeConfig } from './rules-config.ts';
import { ADMIT, type OutboundRule } from './rule.ts';

/**
 * Outbound working hours in the app's time zone, by local wall time (so 09:00 stays 09:00 across
 * DST changes). A window belongs to the day it opens on; `from` > `to` runs past midnight into the
 * next day. A holiday is a local date with no calls at all, and it also cancels the after-midnight
 * tail of a window that opened on it.
 */

interface Window {
  days: Set<number>;
  from: number;
  to: number;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isWorkTime(windows: readonly Window[], holidays: ReadonlySet<string>, wall: WallTime): boolean {
  if (holidays.has(wall.date)) return false;
  const m = wall.minuteOfDay;
  const yesterday = (wall.weekday + 6) % 7;
  return windows.some((w) => {
    if (w.from < w.to) return w.days.has(wall.weekday) && m >= w.from && m < w.to;
    if (w.days.has(wall.weekday) && m >= w.from) return true;
    return w.days.has(yesterday) && m < w.to && !holidays.has(previousDate(wall.date));
  });
}

export function workTimeRule(config: WorkTimeConfig): OutboundRule {
  const tz = zone(config.timeZone);
  const windows: Window[] = config.windows.map((w) => ({
    days: new Set(w.days.map((d) => WEEKDAYS.indexOf(d))),
    from: minutes(w.from),
    to: minutes(w.to),
  }));
  const holidays = new Set(config.holidays ?? []);
  const hours = config.windows.map((w) => `${w.days.join(',')} ${w.from}-${w.to}`).join('; ');
  return {
    name: 'workTime',
    needs: () => [],
    check(attempt) {
      const wall = tz.wall(attempt.nowMs);
      if (isWorkTime(windows, holidays, wall)) return ADMIT;
      const hhmm = `${String(Math.floor(wall.minuteOfDay / 60)).padStart(2, '0')}:${String(wall.minuteOfDay % 60).padStart(2, '0')}`;
      const holiday = holidays.has(wall.date) ? ', a holiday' : '';
      return {
        ok: false,
        rule: 'workTime',
        code: 'FailedOperation.CalloutRuleNotWorkTime',
        endStatus: EndStatus.restrictedTime,
        message: `Not in outbound hours of app ${attempt.sdkAppId} (${hours}, ${config.timeZone}): it is ${WEEKDAYS[wall.weekday]} ${wall.date} ${hhmm} there${holiday}.`,
      };
    },
  };
}
