import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { previousDate, zone } from '../../../src/domain/rules/local-time.ts';

const iso = (ms: number) => new Date(ms).toISOString();

test('wall time: date, weekday and minute of day in the zone, not the host', () => {
  const t = Date.parse('2026-10-01T01:30:00Z');
  assert.deepEqual(zone('UTC').wall(t), { date: '2026-10-01', weekday: 4, minuteOfDay: 90 });
  assert.deepEqual(zone('Asia/Shanghai').wall(t), { date: '2026-10-01', weekday: 4, minuteOfDay: 570 });
  assert.deepEqual(zone('America/New_York').wall(t), { date: '2026-09-30', weekday: 3, minuteOfDay: 21 * 60 + 30 });
  assert.deepEqual(zone('Asia/Kolkata').wall(t), { date: '2026-10-01', weekday: 4, minuteOfDay: 7 * 60 });
});

test('wall time follows DST: New York is UTC-5 before 2026-03-08 02:00 and UTC-4 after', () => {
  const ny = zone('America/New_York');
  assert.equal(ny.wall(Date.parse('2026-03-08T06:59:59Z')).minuteOfDay, 60 + 59); // 01:59 EST
  assert.equal(ny.wall(Date.parse('2026-03-08T07:00:00Z')).minuteOfDay, 3 * 60); // 03:00 EDT
  assert.equal(ny.wall(Date.parse('2026-11-01T05:30:00Z')).minuteOfDay, 60 + 30); // 01:30 EDT
  assert.equal(ny.wall(Date.parse('2026-11-01T06:30:00Z')).minuteOfDay, 60 + 30); // 01:30 EST again
});

test('start of day: local midnight, across DST changes and in zones that skip or repeat midnight', () => {
  const cases: [string, string, string][] = [
    ['UTC', '2026-05-05T23:59:59.999Z', '2026-05-05T00:00:00.000Z'],
    ['Asia/Shanghai', '2026-05-05T15:59:59.999Z', '2026-05-04T16:00:00.000Z'],
    ['Asia/Shanghai', '2026-05-05T16:00:00.000Z', '2026-05-05T16:00:00.000Z'],
    // A 23-hour and a 25-hour day: midnight was at the other offset.
    ['America/New_York', '2026-03-08T20:00:00Z', '2026-03-08T05:00:00.000Z'],
    ['America/New_York', '2026-11-01T20:00:00Z', '2026-11-01T04:00:00.000Z'],
    // Santiago and Havana spring forward at 00:00: the day starts at 01:00, at the change.
    ['America/Santiago', '2026-09-06T12:00:00Z', '2026-09-06T04:00:00.000Z'],
    ['America/Havana', '2026-03-08T12:00:00Z', '2026-03-08T05:00:00.000Z'],
    // Havana falls back from 01:00 to 00:00: the day began at the first of its two midnights.
    ['America/Havana', '2026-11-01T17:00:00Z', '2026-11-01T04:00:00.000Z'],
    // Samoa skipped 2011-12-30 entirely: the 31st began when the 29th ended.
    ['Pacific/Apia', '2011-12-30T12:00:00Z', '2011-12-30T10:00:00.000Z'],
  ];
  for (const [tz, now, start] of cases) assert.equal(iso(zone(tz).startOfDay(Date.parse(now))), start, `${tz} ${now}`);
});

test('previousDate crosses months, years and leap days', () => {
  assert.equal(previousDate('2026-03-01'), '2026-02-28');
  assert.equal(previousDate('2024-03-01'), '2024-02-29');
  assert.equal(previousDate('2027-01-01'), '2026-12-31');
});

const zones = [
  'UTC',
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'America/Santiago',
  'America/Havana',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Asia/Beirut',
];

test('property: start of day is the first instant whose local date is today', () => {
  fc.assert(
    fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2045, 0, 1) }), (tz, ms) => {
      const z = zone(tz);
      const start = z.startOfDay(ms);
      assert.ok(start <= ms && ms - start < 26 * 3_600_000);
      assert.equal(z.wall(start).date, z.wall(ms).date);
      assert.ok(z.wall(start - 1).date < z.wall(ms).date);
    }),
    { numRuns: 2000 },
  );
});

/** Instants (hourly resolution) at which the zone's UTC offset changes during 2026. */
function offsetChanges(tz: string): number[] {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
  const out: number[] = [];
  for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000) {
    if (
      fmt.format(ms).split(' ').pop() !==
      fmt
        .format(ms - 3_600_000)
        .split(' ')
        .pop()
    )
      out.push(ms);
  }
  return out;
}

test('start of day every 5 minutes through the day before and after each 2026 DST change', () => {
  for (const tz of ['America/New_York', 'America/Havana', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Beirut']) {
    const z = zone(tz);
    const changes = offsetChanges(tz);
    assert.equal(changes.length, 2, tz);
    for (const change of changes) {
      for (let ms = change - 30 * 3_600_000; ms < change + 30 * 3_600_000; ms += 5 * 60_000) {
        const start = z.startOfDay(ms);
        if (!(start <= ms && z.wall(start).date === z.wall(ms).date && z.wall(start - 1).date < z.wall(ms).date)) {
          assert.fail(`${tz} ${iso(ms)}: start ${iso(start)}`);
        }
      }
    }
  }
});
