import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Dialog, PrackTracker, isReliableProvisional, parseRAck, parseRSeq } from '../../../../src/telephony/sip/dialog/index.ts';
import { getCSeq } from '../../../../src/telephony/sip/message/index.ts';
import { invite, provisional } from './fixtures.ts';

const reliable = (rseq: number | string, tag = 'b0b') => provisional(183, tag, ['Require: 100rel', `RSeq: ${rseq}`]);

function tracker(): { dialog: Dialog; prack: PrackTracker } {
  const d = Dialog.asUac(invite(), reliable(988789));
  assert.ok(d.ok);
  return { dialog: d.value, prack: new PrackTracker(d.value) };
}

test('a reliable 1xx gets a PRACK in the dialog with RAck = rseq cseq method (RFC 3262 §7.2)', () => {
  const { prack } = tracker();
  const v = prack.receive(reliable(988789), { contentType: 'application/sdp', body: Buffer.from('v=0\r\n') });
  assert.equal(v.kind, 'prack');
  if (v.kind !== 'prack') return;
  assert.deepEqual(v.rack, { rseq: 988789, cseq: 314159, method: 'INVITE' });
  assert.equal(v.prack.method, 'PRACK');
  assert.equal(v.prack.headers.get('RAck'), '988789 314159 INVITE');
  assert.deepEqual(getCSeq(v.prack), { seq: 314160, method: 'PRACK' });
  assert.equal(v.prack.uri, 'sip:bob@b0b.biloxi.example.com');
  assert.deepEqual(v.prack.headers.getAll('Route'), ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
  assert.equal(v.prack.headers.get('To'), '"Bob" <sip:bob@biloxi.example.com>;tag=b0b');
  assert.equal(v.prack.headers.get('Content-Type'), 'application/sdp');
});

test('retransmissions and out-of-order RSeqs are ignored; only last + 1 is new (§4)', () => {
  const { prack } = tracker();
  assert.equal(prack.receive(reliable(988789)).kind, 'prack');
  assert.deepEqual(prack.receive(reliable(988789)), { kind: 'ignore', reason: 'retransmission' });
  assert.deepEqual(prack.receive(reliable(988791)), { kind: 'ignore', reason: 'out-of-order' });
  const next = prack.receive(reliable(988790));
  assert.equal(next.kind === 'prack' && next.prack.headers.get('RAck'), '988790 314159 INVITE');
  assert.equal(next.kind === 'prack' && getCSeq(next.prack)?.seq, 314161);
  assert.equal(prack.lastRSeq, 988790);
  assert.deepEqual(prack.receive(reliable(5)), { kind: 'ignore', reason: 'retransmission' });
  assert.deepEqual(prack.receive(reliable('x')), { kind: 'ignore', reason: 'malformed' });
});

test('unreliable provisionals: no Require 100rel, no RSeq, or a 100', () => {
  assert.equal(isReliableProvisional(provisional(180, 'b0b', ['RSeq: 1'])), false);
  assert.equal(isReliableProvisional(provisional(180, 'b0b', ['Require: 100rel'])), false);
  assert.equal(isReliableProvisional(provisional(180, 'b0b', ['Require: timer, 100rel', 'RSeq: 1'])), true);
  const trying = reliable(1);
  trying.status = 100;
  assert.equal(isReliableProvisional(trying), false);
  assert.deepEqual(tracker().prack.receive(provisional(180, 'b0b')), { kind: 'unreliable' });
});

test('RSeq / RAck parsers: values and never throwing', () => {
  assert.deepEqual(parseRAck('776656 1 INVITE'), { ok: true, value: { rseq: 776656, cseq: 1, method: 'INVITE' } });
  assert.equal(parseRAck('776656 1').ok, false);
  assert.equal(parseRAck('0 1 INVITE').ok, false);
  assert.deepEqual(parseRSeq(' 4294967295 '), { ok: true, value: 4294967295 });
  assert.equal(parseRSeq('4294967296').ok, false);
  fc.assert(
    fc.property(fc.string(), (s) => {
      parseRAck(s);
      parseRSeq(s);
    }),
  );
});
