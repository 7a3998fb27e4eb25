// Property tests: parse(serialize(m)) = m for generated messages, and no input makes any reader throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parser.ts';
import { serializeSipMessage } from '../../../../src/telephony/sip/message/serializer.ts';
import { badRequestFor } from '../../../../src/telephony/sip/message/bad-request.ts';
import { checkRequest } from '../../../../src/telephony/sip/message/request-checks.ts';
import { createResponse } from '../../../../src/telephony/sip/message/builders.ts';
import * as fields from '../../../../src/telephony/sip/message/fields.ts';
import { parseUri, formatUri } from '../../../../src/telephony/sip/message/uri.ts';
import { uriEquals } from '../../../../src/telephony/sip/message/uri-equals.ts';
import { message, sipUri, nameAddr, via } from './support/arbitraries.ts';
import { formatNameAddr, parseNameAddr } from '../../../../src/telephony/sip/message/name-addr.ts';
import { formatVia, parseVia } from '../../../../src/telephony/sip/message/via.ts';

const CORPUS = new URL('../../../fixtures/sip/rfc4475/', import.meta.url);
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.dat'))
  .map((f) => readFileSync(new URL(f, CORPUS)));

test('parse(serialize(m)) equals m for generated requests and responses', () => {
  fc.assert(
    fc.property(message, (m) => {
      const r = parseSipMessage(serializeSipMessage(m));
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.deepStrictEqual(r.message, m);
    }),
    { numRuns: 400 },
  );
});

test('URI, name-addr and Via formatters round-trip through their parsers, and a URI equals itself', () => {
  fc.assert(
    fc.property(sipUri, nameAddr, via, (u, n, v) => {
      const pu = parseUri(formatUri(u));
      assert.deepStrictEqual(pu, { ok: true, value: u });
      assert.ok(uriEquals(u, pu.ok ? pu.value : u));
      assert.deepStrictEqual(parseNameAddr(formatNameAddr(n)), { ok: true, value: n });
      assert.deepStrictEqual(parseVia(formatVia(v)), { ok: true, value: v });
    }),
    { numRuns: 300 },
  );
});

// Everything a caller may do with a parse result; none of it may throw.
function exercise(bytes: Uint8Array): void {
  const r = parseSipMessage(bytes);
  if (!r.ok) {
    assert.ok(!r.reason.startsWith('internal parser error'), r.reason); // the safety net must never fire
    const answer = badRequestFor(r, { toTag: 't' });
    if (answer) assert.ok(parseSipMessage(serializeSipMessage(answer)) !== undefined);
    return;
  }
  const m = r.message;
  fields.getVias(m);
  fields.getTopVia(m);
  fields.getCSeq(m);
  fields.getFrom(m);
  fields.getToTag(m);
  fields.getContacts(m);
  fields.getRoutes(m);
  fields.getRecordRoutes(m);
  fields.getMaxForwards(m);
  if (m.kind === 'request') {
    checkRequest(m);
    createResponse(m, 200, undefined, { toTag: 'x' });
  }
  // What we accepted, we write back in a form we accept again.
  const again = parseSipMessage(serializeSipMessage(m));
  assert.ok(again.ok, again.ok ? '' : again.reason);
}

test('arbitrary bytes never make the parser or the readers throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (b) => exercise(b)),
    { numRuns: 2000 },
  );
});

// Fragments that steer random input through every branch: start lines, headers, separators, quotes, folds.
const FRAGMENTS = [
  'INVITE sip:a@b SIP/2.0\r\n',
  'SIP/2.0 200 OK\r\n',
  'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
  'From: "x" <sip:a@b>;tag=1',
  'To: sip:c@d',
  'Call-ID: 1',
  'CSeq: 1 INVITE',
  'Content-Length: 3',
  'l: 0',
  'Contact: *',
  'Route: <sip:r;lr>',
  'm: <sips:[::1]:5061;transport=tls>',
  '\r\n',
  '\r\n\r\n',
  '\r\n ',
  ':',
  ';',
  ',',
  '"',
  '\\',
  '<',
  '>',
  '=',
  '?',
  '&',
  '%',
  '%4',
  '[',
  ']',
  ' ',
  '\t',
  '\r',
  '\n',
  '\u00e9',
  '\u0000',
];
const sipish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => Buffer.from(parts.join(''), 'utf8'));

test('SIP-shaped noise never makes the parser or the readers throw', () => {
  fc.assert(
    fc.property(sipish, (b) => exercise(b)),
    { numRuns: 3000 },
  );
});

test('mutated RFC 4475 messages never make the parser or the readers throw', () => {
  const mutated = fc
    .tuple(
      fc.nat(corpus.length - 1),
      fc.array(fc.tuple(fc.nat(4000), fc.nat(255), fc.constantFrom('set', 'insert', 'cut')), { minLength: 1, maxLength: 8 }),
    )
    .map(([i, edits]) => {
      let b = Buffer.from(corpus[i]!);
      for (const [at, byte, kind] of edits) {
        const p = at % (b.length + 1);
        if (kind === 'set' && p < b.length) b[p] = byte;
        else if (kind === 'insert') b = Buffer.concat([b.subarray(0, p), Buffer.from([byte]), b.subarray(p)]);
        else b = b.subarray(0, p);
      }
      return b;
    });
  fc.assert(
    fc.property(mutated, (b) => exercise(b)),
    { numRuns: 2000 },
  );
});

// Linear time is measured by bench/sip-parse.ts (scaling ratio); here, structurally: hostile inputs of
// up to 60 KB (unclosed quotes, runs of backslashes, < without >, folds) parse to a result, and every
// header line read is one row, so no input is re-read per header.
test('hostile header text of growing size parses to one row per line', () => {
  const hostile = fc
    .array(fc.constantFrom('"', '\\', '<', '>', ',', ';', '=', ' ', 'a', '%'), { minLength: 1, maxLength: 400 })
    .map((cs) => cs.join(''));
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 150 }), hostile, (rows, value) => {
      const lines = Array.from({ length: rows }, (_, i) => `X-H${i}: ${value}`);
      const bytes = Buffer.from(['OPTIONS sip:a@b SIP/2.0', ...lines, '', ''].join('\r\n'));
      const r = parseSipMessage(bytes, { limits: { maxMessageBytes: 1 << 20 } });
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.equal(r.message.headers.size, rows);
    }),
    { numRuns: 100 },
  );
});
