// SIP message layer benchmark: messages/s for parse, serialize and parse+serialize of a typical
// INVITE with SDP (~900 bytes) and of 180/200 responses; then one 128 KB message of many long
// headers (ms), and how parse time scales from 16 KB to 128 KB of adversarial header text.
//   node --import tsx bench/sip-parse.ts        (BENCH_SECONDS=N per measurement, default 1)
import { parseSipMessage } from '../src/telephony/sip/message/parser.ts';
import { serializeSipMessage } from '../src/telephony/sip/message/serializer.ts';
import type { SipMessage } from '../src/telephony/sip/message/message.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const crlf = (lines: string[]): string => lines.join('\r\n');

const sdp = crlf([
  'v=0',
  'o=- 3912345678 3912345678 IN IP4 192.0.2.10',
  's=openccc',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 40000 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  '',
]);
const common = [
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport',
  'Via: SIP/2.0/UDP proxy.carrier.example.net:5060;branch=z9hG4bKnashds8;received=198.51.100.7',
  'From: "Contact Center" <sip:+8610000000001@openccc.example.com>;tag=1928301774',
  'To: <sip:+8613800000000@carrier.example.net;user=phone>',
  'Call-ID: a84b4c76e66710@openccc.example.com',
];
const invite = Buffer.from(
  crlf([
    'INVITE sip:+8613800000000@carrier.example.net;user=phone SIP/2.0',
    ...common,
    'CSeq: 314159 INVITE',
    'Max-Forwards: 70',
    'Contact: <sip:openccc@192.0.2.10:5060;transport=udp>',
    'Route: <sip:proxy.carrier.example.net;lr>',
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY, REFER',
    'Supported: timer, replaces',
    'Session-Expires: 1800;refresher=uac',
    'User-Agent: openccc/0.1',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ]),
);
const ringing = Buffer.from(
  crlf([
    'SIP/2.0 180 Ringing',
    ...common.slice(0, 4),
    'To: <sip:+8613800000000@carrier.example.net;user=phone>;tag=as9a8s7d',
    common[4]!,
    'CSeq: 314159 INVITE',
    'Contact: <sip:gw@198.51.100.7:5060>',
    'Content-Length: 0',
    '',
    '',
  ]),
);
const ok200 = Buffer.from(
  crlf([
    'SIP/2.0 200 OK',
    ...common.slice(0, 3),
    'To: <sip:+8613800000000@carrier.example.net;user=phone>;tag=as9a8s7d',
    common[4]!,
    'CSeq: 314159 INVITE',
    'Contact: <sip:gw@198.51.100.7:5060>',
    'Record-Route: <sip:proxy.carrier.example.net;lr>',
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ]),
);

function parsed(buf: Buffer): SipMessage {
  const r = parseSipMessage(buf);
  if (!r.ok) throw new Error(r.reason);
  return r.message;
}

function rate(label: string, fn: () => unknown): void {
  for (let i = 0; i < 2000; i++) fn(); // warm up
  let n = 0;
  const t0 = process.cpuUsage();
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
  }
  const cpu = process.cpuUsage(t0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${label.padEnd(34)} ${Math.round(n / cpuS)
      .toLocaleString('en')
      .padStart(10)} msg/CPU-s`,
  );
}

console.log(`INVITE ${invite.length} B, 180 ${ringing.length} B, 200 ${ok200.length} B`);
for (const [name, buf] of [
  ['INVITE', invite],
  ['180 Ringing', ringing],
  ['200 OK', ok200],
] as const) {
  const m = parsed(buf);
  rate(`${name} parse`, () => parseSipMessage(buf));
  rate(`${name} serialize`, () => serializeSipMessage(m));
  rate(`${name} parse+serialize`, () => serializeSipMessage(parsed(buf)));
}

// Large messages: many long headers, long Via/Contact lists, folding.
function big(bytes: number, row: (i: number) => string): Buffer {
  const rows: string[] = ['INVITE sip:bob@example.com SIP/2.0', ...common, 'CSeq: 1 INVITE', 'Max-Forwards: 70'];
  let size = 200;
  for (let i = 0; size < bytes; i++) {
    const r = row(i);
    rows.push(r);
    size += r.length + 2;
  }
  return Buffer.from(crlf([...rows, 'Content-Length: 0', '', '']));
}
const longHeaders = (i: number): string =>
  i % 3 === 0
    ? `Contact: <sip:user${i}@host${i}.example.com;transport=tcp>;q=0.${i % 10};expires=3600, "Name ${i}" <sip:alt${i}@example.org>`
    : i % 3 === 1
      ? `Record-Route: <sip:proxy${i}.example.net;lr;ftag=${'x'.repeat(200)}>`
      : `X-Long-${i}: ${'value '.repeat(60)}\r\n  continued ${'"quoted \\" text", '.repeat(10)}`;

const BIG = { limits: { maxMessageBytes: 1 << 20, maxLineLength: 1 << 20, maxHeaderCount: 10_000 } };
function timeMs(buf: Buffer, runs: number): number {
  parseSipMessage(buf, BIG);
  const t0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) parseSipMessage(buf, BIG);
  const c = process.cpuUsage(t0);
  return (c.user + c.system) / 1000 / runs;
}

const b128 = big(128 * 1024, longHeaders);
const r128 = parseSipMessage(b128, BIG);
if (!r128.ok) throw new Error(r128.reason);
console.log(`128 KB message (${b128.length} B, ${r128.message.headers.size} header rows): ${timeMs(b128, 50).toFixed(2)} ms per parse`);

// Linearity: per-KB parse cost at 16 KB and 128 KB of hostile text (unclosed quotes, backslashes, commas, < and ;).
const hostile = (i: number): string => `Contact: ${'"\\"<,;'.repeat(40)}x${i}`.slice(0, 240).replace(/"$/, 'a');
for (const [label, row] of [
  ['long headers', longHeaders],
  ['hostile text', hostile],
] as const) {
  const small = big(16 * 1024, row);
  const large = big(128 * 1024, row);
  const perKbSmall = timeMs(small, 200) / (small.length / 1024);
  const perKbLarge = timeMs(large, 25) / (large.length / 1024);
  console.log(
    `scaling, ${label}: ${(perKbSmall * 1000).toFixed(1)} µs/KB at 16 KB, ${(perKbLarge * 1000).toFixed(1)} µs/KB at 128 KB (ratio ${(perKbLarge / perKbSmall).toFixed(2)})`,
  );
}
