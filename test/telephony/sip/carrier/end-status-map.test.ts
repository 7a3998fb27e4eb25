import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EndStatus, type EndStatusName } from '../../../../src/domain/end-status.ts';
import {
  Q850_CAUSE_ROWS,
  SIP_STATUS_ROWS,
  lineFailureFor,
  parseQ850Cause,
  type EndStatusOverrides,
  type LineEnd,
} from '../../../../src/telephony/sip/carrier/end-status-map.ts';

const final = (sipStatus: number, reasonHeaders: string[] = [], reasonPhrase = 'Phrase'): LineEnd => ({
  kind: 'final',
  sipStatus,
  reasonPhrase,
  reasonHeaders,
});

// Written out by hand from issue 14 and docs/sip.md, not derived from the module's tables.
const SIP_EXPECTED: [number, number][] = [
  [486, 206],
  [600, 206],
  [480, 202],
  [408, 202],
  [603, 203],
  [403, 203],
  [404, 205],
  [484, 205],
  [410, 205],
  [604, 205],
  [503, 208],
  [500, 208],
  [502, 208],
  [504, 208],
  [580, 208],
  [402, 207],
  [433, 216],
  [485, 215],
  [606, 208],
  [607, 203],
  [608, 212],
  [699, 203],
  [400, 208],
  [401, 208],
  [407, 208],
  [487, 208],
  [488, 208],
  [302, 208],
  [380, 208],
];

for (const [status, code] of SIP_EXPECTED) {
  test(`SIP ${status} without a Reason header ends as EndStatus ${code}`, () => {
    const f = lineFailureFor(final(status));
    assert.equal(f.endStatus, code);
    assert.equal(f.sipStatus, status);
    assert.equal(f.q850Cause, undefined);
    assert.equal(f.reason, `${status} Phrase`);
  });
}

// Causes as a trunk sends them on a 480/503 (SS7 interworking): the cause decides.
const Q850_EXPECTED: [number, number][] = [
  [1, 205],
  [3, 205],
  [5, 215],
  [17, 206],
  [18, 202],
  [19, 202],
  [20, 204],
  [21, 203],
  [22, 205],
  [27, 210],
  [28, 215],
  [34, 208],
  [38, 208],
  [41, 208],
  [42, 208],
  [47, 208],
  [50, 216],
  [55, 217],
  [57, 216],
  [88, 208],
  [102, 208],
];

for (const [cause, code] of Q850_EXPECTED) {
  test(`Q.850 cause ${cause} refines a 480 and a 503 to EndStatus ${code}`, () => {
    for (const status of [480, 503]) {
      const f = lineFailureFor(final(status, [`Q.850;cause=${cause};text="x"`]));
      assert.equal(f.endStatus, code, `on ${status}`);
      assert.equal(f.q850Cause, cause);
      assert.equal(f.sipStatus, status);
      assert.equal(f.reason, `${status} Phrase (Q.850 cause ${cause})`);
    }
  });
}

test('causes that say nothing (16, 31, 127) and unknown causes keep the SIP status row', () => {
  for (const cause of [16, 31, 127, 9, 99]) {
    assert.equal(lineFailureFor(final(486, [`Q.850;cause=${cause}`])).endStatus, EndStatus.busy, `cause ${cause}`);
    assert.equal(lineFailureFor(final(404, [`Q.850;cause=${cause}`])).endStatus, EndStatus.numberNotExist, `cause ${cause}`);
    assert.equal(lineFailureFor(final(486, [`Q.850;cause=${cause}`])).q850Cause, cause);
  }
});

test('ring timeout, caller cancel, transport error and no media', () => {
  assert.equal(lineFailureFor({ kind: 'ringTimeout' }).endStatus, 202);
  assert.equal(lineFailureFor({ kind: 'callerCancel' }).endStatus, 209);
  const t = lineFailureFor({ kind: 'transportError', message: 'ECONNREFUSED 127.0.0.1:5080' });
  assert.deepEqual(t, { endStatus: 208, reason: 'trunk unreachable: ECONNREFUSED 127.0.0.1:5080' });
  const m = lineFailureFor({ kind: 'noMedia', message: 'no free RTP port' });
  assert.deepEqual(m, { endStatus: 208, reason: 'no media: no free RTP port' });
});

test('statuses that are not failures or not SIP at all end as operatorError without a sipStatus', () => {
  for (const s of [0, -1, 99, 700, 1000, Number.NaN, 486.5, Number.POSITIVE_INFINITY]) {
    const f = lineFailureFor(final(s));
    assert.equal(f.endStatus, EndStatus.operatorError, String(s));
    assert.equal(f.sipStatus, undefined);
  }
  // 1xx/2xx are SIP but never a failure: the line misbehaved.
  assert.equal(lineFailureFor(final(200)).endStatus, EndStatus.operatorError);
  assert.equal(lineFailureFor(final(183)).sipStatus, 183);
});

test('parseQ850Cause: RFC 3326 forms, several reasons, several headers, case and spacing', () => {
  assert.equal(parseQ850Cause([]), undefined);
  assert.equal(parseQ850Cause(['Q.850;cause=17']), 17);
  assert.equal(parseQ850Cause(['Q.850 ; cause = 17 ; text="User busy"']), 17);
  assert.equal(parseQ850Cause(['q.850;CAUSE=18']), 18);
  assert.equal(parseQ850Cause(['SIP;cause=480;text="Temporarily Unavailable", Q.850;cause=18;text="No user responding"']), 18);
  assert.equal(parseQ850Cause(['SIP;cause=600', 'Q.850;cause=17']), 17);
  // A comma inside the quoted text does not split the reason.
  assert.equal(parseQ850Cause(['SIP;cause=486;text="busy, really", Q.850;cause=17']), 17);
  assert.equal(parseQ850Cause(['Q.850;text="a, b";cause=21']), 21);
  // The first Q.850 reason wins.
  assert.equal(parseQ850Cause(['Q.850;cause=20, Q.850;cause=17']), 20);
  // Not Q.850, no cause, out of range or not a number.
  assert.equal(parseQ850Cause(['SIP;cause=486']), undefined);
  assert.equal(parseQ850Cause(['Q.8500;cause=17']), undefined);
  assert.equal(parseQ850Cause(['Q.850']), undefined);
  assert.equal(parseQ850Cause(['Q.850;cause=0']), undefined);
  assert.equal(parseQ850Cause(['Q.850;cause=128']), undefined);
  assert.equal(parseQ850Cause(['Q.850;cause=0017']), undefined);
  assert.equal(parseQ850Cause(['Q.850;cause=1e1']), undefined);
  assert.equal(parseQ850Cause(['Q.850;cause="17']), undefined);
  // A broken first reason does not hide a good later one.
  assert.equal(parseQ850Cause(['Q.850;cause="17', 'Q.850;cause=19']), 19);
});

test('overrides win: a SIP status, a SIP class, a Q.850 cause; Q.850 beats SIP', () => {
  const o: EndStatusOverrides = { sip: { '480': 'powerOff', '5xx': 'notInService' }, q850: { '17': 'userReject' } };
  assert.equal(lineFailureFor(final(480), o).endStatus, EndStatus.powerOff);
  // The override beats the Q.850 table row too.
  assert.equal(lineFailureFor(final(480, ['Q.850;cause=19']), o).endStatus, EndStatus.powerOff);
  assert.equal(lineFailureFor(final(503), o).endStatus, EndStatus.notInService);
  // An exact status beats its class.
  assert.equal(lineFailureFor(final(503), { sip: { '503': 'busy', '5xx': 'notInService' } }).endStatus, EndStatus.busy);
  assert.equal(lineFailureFor(final(480, ['Q.850;cause=17']), o).endStatus, EndStatus.userReject);
  assert.equal(lineFailureFor(final(486, ['Q.850;cause=17']), o).endStatus, EndStatus.userReject);
  // Rows not overridden are the table's.
  assert.equal(lineFailureFor(final(486), o).endStatus, EndStatus.busy);
  assert.equal(lineFailureFor(final(404, ['Q.850;cause=20']), o).endStatus, EndStatus.powerOff);
  // Overrides never touch non-SIP ends.
  assert.equal(lineFailureFor({ kind: 'ringTimeout' }, { sip: { '408': 'busy' } }).endStatus, EndStatus.notAnswer);
});

test('an override naming no EndStatus (or an inherited property) is ignored', () => {
  const bogus = { sip: { '486': 'toString' as EndStatusName, '4xx': 'nope' as EndStatusName } };
  assert.equal(lineFailureFor(final(486), bogus).endStatus, EndStatus.busy);
  assert.equal(lineFailureFor(final(404), { sip: Object.create({ '404': 'busy' }) as Record<string, EndStatusName> }).endStatus, 205);
});

test('the tables name only real EndStatus values', () => {
  for (const [, name] of SIP_STATUS_ROWS) assert.ok(Object.hasOwn(EndStatus, name), name);
  for (const [, name] of Q850_CAUSE_ROWS) assert.ok(name === 'keep' || Object.hasOwn(EndStatus, name), name);
});

test('a hostile reason phrase is bounded in the failure reason', () => {
  const f = lineFailureFor(final(486, [], 'x'.repeat(10_000)));
  assert.ok(f.reason.length < 200);
});

test('property: never throws, always an EndStatus code, overrides always win', () => {
  const codes = new Set<number>(Object.values(EndStatus));
  const names = Object.keys(EndStatus) as EndStatusName[];
  const reasonHeader = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc
      .tuple(fc.constantFrom('Q.850', 'q.850', 'SIP', 'X'), fc.integer({ min: -5, max: 200 }), fc.string({ maxLength: 10 }))
      .map(([p, c, t]) => `${p};cause=${c};text="${t.replace(/["\\]/g, '')}"`),
  );
  const lineEnd: fc.Arbitrary<LineEnd> = fc.oneof(
    fc.record({
      kind: fc.constant('final' as const),
      sipStatus: fc.oneof(fc.integer({ min: 100, max: 699 }), fc.integer(), fc.double()),
      reasonPhrase: fc.string({ maxLength: 40 }),
      reasonHeaders: fc.array(reasonHeader, { maxLength: 3 }),
    }),
    fc.constant({ kind: 'ringTimeout' as const }),
    fc.constant({ kind: 'callerCancel' as const }),
    fc.record({ kind: fc.constant('transportError' as const), message: fc.string() }),
    fc.record({ kind: fc.constant('noMedia' as const), message: fc.string() }),
  );
  fc.assert(
    fc.property(lineEnd, fc.constantFrom(...names), fc.constantFrom(...names), (line, sipName, causeName) => {
      const plain = lineFailureFor(line);
      assert.ok(codes.has(plain.endStatus));
      assert.equal(typeof plain.reason, 'string');
      if (line.kind !== 'final' || !Number.isInteger(line.sipStatus) || line.sipStatus < 100 || line.sipStatus > 699) return;
      const status = line.sipStatus;
      assert.equal(plain.sipStatus, status);
      assert.equal(lineFailureFor(line, { sip: { [String(status)]: sipName } }).endStatus, EndStatus[sipName]);
      assert.equal(lineFailureFor(line, { sip: { [`${Math.floor(status / 100)}xx`]: sipName } }).endStatus, EndStatus[sipName]);
      const cause = parseQ850Cause(line.reasonHeaders);
      assert.equal(plain.q850Cause, cause);
      if (cause !== undefined) {
        const both = { sip: { [String(status)]: sipName }, q850: { [String(cause)]: causeName } };
        assert.equal(lineFailureFor(line, both).endStatus, EndStatus[causeName]);
      }
    }),
    { numRuns: 2000 },
  );
});

test('docs/sip.md prints exactly the tables this module holds', () => {
  const md = readFileSync(resolve(import.meta.dirname, '../../../../docs/sip.md'), 'utf8');
  const rows = (afterHeader: string) => {
    const start = md.indexOf(afterHeader);
    assert.ok(start >= 0, afterHeader);
    const out = new Map<number, string>();
    for (const line of md.slice(start).split('\n').slice(2)) {
      const m = /^\| (\d{1,3}) \| [^|]+ \| (\w+) \((\d+)\) \|$/.exec(line);
      if (!m) break;
      assert.equal(EndStatus[m[2] as EndStatusName], Number(m[3]), line);
      out.set(Number(m[1]), m[2]!);
    }
    return out;
  };
  assert.deepEqual(rows('| SIP status | meaning | EndStatus |'), new Map(SIP_STATUS_ROWS));
  const causes = new Map([...Q850_CAUSE_ROWS].filter(([, name]) => name !== 'keep'));
  assert.deepEqual(rows('| Q.850 cause | meaning | EndStatus |'), causes);
  const kept = [...Q850_CAUSE_ROWS].filter(([, name]) => name === 'keep').map(([c]) => c);
  assert.deepEqual(kept, [16, 31, 127]);
  assert.match(md, /Causes 16 \(normal clearing\), 31 \(normal, unspecified\), 127 \(interworking\)/);
});
