import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StreamFramer, type FrameError, type FramerLimits } from '../../../../src/telephony/sip/transport/stream-framer.ts';

interface Heard {
  messages: string[];
  pings: number;
  errors: FrameError[];
}

function framer(limits?: FramerLimits): { f: StreamFramer; heard: Heard } {
  const heard: Heard = { messages: [], pings: 0, errors: [] };
  const f = new StreamFramer(
    {
      message: (b) => heard.messages.push(b.toString('latin1')),
      ping: () => heard.pings++,
      error: (e) => heard.errors.push(e),
    },
    limits,
  );
  return { f, heard };
}

const options = (body: string, header = 'Content-Length') =>
  `OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.1;branch=z9hG4bK1\r\n${header}: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n${body}`;

test('one message in one read is delivered whole', () => {
  const { f, heard } = framer();
  const m = options('v=0\r\n');
  f.push(Buffer.from(m, 'latin1'));
  assert.deepEqual(heard.messages, [m]);
  assert.equal(f.buffered, 0);
});

test('compact "l:" and any case of Content-Length frame the body; the start-line is never read as a header', () => {
  for (const header of ['l', 'L', 'content-length', 'CONTENT-LENGTH', 'Content-Length ']) {
    const { f, heard } = framer();
    const m = options('abc', header);
    f.push(Buffer.from(m + m, 'latin1'));
    assert.deepEqual(heard.messages, [m, m], header);
  }
  const { f, heard } = framer();
  const tricky = 'l: 99 sip:x SIP/2.0\r\nContent-Length: 2\r\n\r\nok';
  f.push(Buffer.from(tricky));
  assert.deepEqual(heard.messages, [tricky]);
});

test('a message split byte by byte comes out once, after its last byte', () => {
  const { f, heard } = framer();
  const m = options('hello body');
  for (let i = 0; i < m.length; i++) {
    assert.equal(heard.messages.length, 0);
    f.push(Buffer.from(m[i]!, 'latin1'));
  }
  assert.deepEqual(heard.messages, [m]);
});

test('a message ending exactly where a read ends, with an empty body, is delivered at once', () => {
  const { f, heard } = framer();
  const head = 'SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n';
  f.push(Buffer.from(head.slice(0, 10)));
  f.push(Buffer.from(head.slice(10)));
  assert.deepEqual(heard.messages, [head]);
});

test('CRLF keep-alives between messages: a double CRLF is one ping, a lone CRLF (a pong) is ignored (RFC 5626 §3.5.1)', () => {
  const { f, heard } = framer();
  const m = options('');
  f.push(Buffer.from(`\r\n\r\n${m}\r\n${m}\r\n\r\n\r\n\r\n`));
  assert.deepEqual(heard.messages, [m, m]);
  assert.equal(heard.pings, 3);
  // A ping split across reads still counts once.
  f.push(Buffer.from('\r'));
  f.push(Buffer.from('\n\r'));
  f.push(Buffer.from('\n'));
  assert.equal(heard.pings, 4);
});

const malformed: [string, string, FrameError['reason']][] = [
  ['no Content-Length', 'OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n', 'missing-content-length'],
  ['negative', 'OPTIONS sip:a SIP/2.0\r\nContent-Length: -1\r\n\r\n', 'bad-content-length'],
  ['garbage', 'OPTIONS sip:a SIP/2.0\r\nContent-Length: 12abc\r\n\r\n', 'bad-content-length'],
  ['empty', 'OPTIONS sip:a SIP/2.0\r\nContent-Length:\r\n\r\n', 'bad-content-length'],
  ['two that disagree', 'OPTIONS sip:a SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\nab', 'bad-content-length'],
  ['absurdly long', 'OPTIONS sip:a SIP/2.0\r\nContent-Length: 99999999999999999999\r\n\r\n', 'bad-content-length'],
  ['body over the limit', 'OPTIONS sip:a SIP/2.0\r\nContent-Length: 1001\r\n\r\n', 'body-too-large'],
  ['header over the limit', `OPTIONS sip:a SIP/2.0\r\nX: ${'a'.repeat(600)}`, 'header-too-large'],
];

for (const [name, bytes, reason] of malformed) {
  test(`malformed frame (${name}) is reported once as ${reason}, and the framer stops`, () => {
    const { f, heard } = framer({ maxHeaderBytes: 512, maxBodyBytes: 1000 });
    f.push(Buffer.from(bytes));
    f.push(Buffer.from(options('')));
    assert.deepEqual(
      heard.errors.map((e) => e.reason),
      [reason],
    );
    assert.deepEqual(heard.messages, []);
    assert.equal(f.failed, true);
  });
}

test('the header limit holds even when the header trickles in one byte at a time', () => {
  const { f, heard } = framer({ maxHeaderBytes: 64, maxBodyBytes: 64 });
  for (let i = 0; i < 200 && !f.failed; i++) f.push(Buffer.from('a'));
  assert.equal(heard.errors[0]?.reason, 'header-too-large');
  assert.ok(f.buffered === 0);
});

const token = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
const body = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1'));
const sipMessage = fc
  .record({ method: token, headers: fc.array(fc.tuple(token, token), { maxLength: 5 }), body, compact: fc.boolean() })
  .map(({ method, headers, body, compact }) => {
    const extra = headers.map(([n, v]) => `X-${n}: ${v}\r\n`).join('');
    return `${method} sip:x@y SIP/2.0\r\n${extra}${compact ? 'l' : 'Content-Length'}: ${body.length}\r\n\r\n${body}`;
  });
const keepAlive = fc.constantFrom('', '', '\r\n', '\r\n\r\n');

test('property: a stream of messages and keep-alives cut at random points yields exactly the messages, in order', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(keepAlive, sipMessage), { minLength: 1, maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 20 }),
      (items, cuts) => {
        const stream = Buffer.from(items.map(([k, m]) => k + m).join(''), 'latin1');
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const { f, heard } = framer();
        let from = 0;
        for (const p of [...points, stream.length]) {
          f.push(stream.subarray(from, p));
          from = p;
        }
        assert.deepEqual(
          heard.messages,
          items.map(([, m]) => m),
        );
        assert.deepEqual(heard.errors, []);
        assert.equal(f.buffered, 0);
      },
    ),
    { numRuns: 500 },
  );
});

test('property: arbitrary bytes never throw, and after an error nothing more is delivered', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }), (chunks) => {
      const { f, heard } = framer({ maxHeaderBytes: 256, maxBodyBytes: 256 });
      for (const c of chunks) f.push(Buffer.from(c));
      assert.ok(heard.errors.length <= 1);
      assert.ok(f.buffered <= 256 + 256 + 200);
    }),
    { numRuns: 1000 },
  );
});
