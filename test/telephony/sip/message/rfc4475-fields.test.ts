// What the structured readers make of the well-formed RFC 4475 messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parser.ts';
import type { SipMessage } from '../../../../src/telephony/sip/message/message.ts';
import * as f from '../../../../src/telephony/sip/message/fields.ts';
import { hasRfc3261Branch, viaBranch } from '../../../../src/telephony/sip/message/via.ts';
import { parseUri, type SipUri, type Uri } from '../../../../src/telephony/sip/message/uri.ts';
import type { NameAddr } from '../../../../src/telephony/sip/message/name-addr.ts';

function load(file: string): SipMessage {
  const r = parseSipMessage(readFileSync(new URL(`../../../fixtures/sip/rfc4475/${file}`, import.meta.url)));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.message;
}
const sip = (u: Uri | undefined): SipUri => {
  assert.ok(u && u.kind === 'sip');
  return u;
};
const contacts = (m: SipMessage): NameAddr[] => {
  const c = f.getContacts(m);
  assert.ok(Array.isArray(c));
  return c;
};

test('wsinv: folding, odd LWS, compact forms, leading zeros, quoted escapes', () => {
  const m = load('wsinv.dat');
  assert.equal(f.getToTag(m), '1918181833n');
  assert.equal(f.getFrom(m)?.displayName, 'J Rosenberg \\"');
  assert.equal(f.getFromTag(m), '98asjd8');
  assert.equal(f.getMaxForwards(m), 68);
  assert.deepEqual(f.getCSeq(m), { seq: 9, method: 'INVITE' });
  assert.deepEqual(
    f.getVias(m).map((v) => [v.transport, v.host, viaBranch(v)]),
    [
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ],
  );
  const [contact] = contacts(m);
  assert.equal(contact?.displayName, 'Quoted string ""');
  assert.deepEqual(
    [...(contact?.params ?? [])],
    [
      ['newparam', 'newvalue'],
      ['secondparam', null],
      ['q', '0.33'],
    ],
  );
  assert.equal(m.headers.get('Subject'), '');
  assert.equal(m.headers.get('NewFangledHeader'), 'newfangled value continued newfangled value');
  assert.equal(m.headers.get('UnknownHeaderWithUnusualValue'), ';;,,;;,;');
  assert.ok(sip(f.getRoutes(m)[0]?.uri).params.has('unknown-no-value'));
  assert.equal(m.body.length, 150);
});

test('intmeth: unusual but legal characters everywhere', () => {
  const m = load('intmeth.dat');
  assert.ok(m.kind === 'request');
  assert.equal(m.method, "!interesting-Method0123456789_*+`.%indeed'~");
  const ruri = sip(parseUri(m.uri).ok ? (parseUri(m.uri) as { value: Uri }).value : undefined);
  assert.equal(ruri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  assert.equal(ruri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  assert.equal(f.getTo(m)?.displayName, 'BEL:\u0007 NUL:\u0000 DEL:\u007f');
  assert.equal(f.getFrom(m)?.displayName, "token1~` token2'+_ token3*%!.-");
  assert.equal(f.getFrom(m)?.params.get("fromparam''~+*_!.-%"), 'работающий');
  assert.equal(f.getCallId(m), 'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
  assert.equal(m.headers.get("extensionHeader-!.%*+_`'~"), '\ufeff大停電');
});

test('escapes: decoded where the RFC compares decoded, %00 kept (esc01, escnull, esc02)', () => {
  const e1 = load('esc01.dat');
  assert.ok(e1.kind === 'request');
  const r = parseUri(e1.uri);
  assert.ok(r.ok);
  assert.equal(sip(r.value).user, 'sips:user@example.com');
  assert.equal(sip(f.getTo(e1)?.uri).user, 'user');
  assert.equal(sip(f.getFrom(e1)?.uri).user, 'I have spaces');
  assert.deepEqual(
    [...sip(contacts(e1)[0]?.uri).params],
    [
      ['lr', null],
      ['name', 'value%41'],
    ],
  );
  const nul = load('escnull.dat');
  assert.equal(sip(f.getTo(nul)?.uri).user, 'null-\u0000-null');
  assert.deepEqual(
    contacts(nul).map((c) => sip(c.uri).user),
    ['\u0000', '\u0000\u0000'],
  );
  const e2 = load('esc02.dat');
  assert.ok(e2.kind === 'request' && e2.method === 'RE%47IST%45R');
  assert.equal(contacts(e2).length, 2); // C%6Fntact is an unknown header, not Contact
  assert.equal(f.getFrom(e2)?.displayName, '%Z%45');
});

test('params of a bare addr-spec belong to the header, inside <> to the URI (cparam01, cparam02); escaped Route kept (regescrt)', () => {
  const c1 = contacts(load('cparam01.dat'))[0];
  assert.ok(c1?.params.has('unknownparam') && !sip(c1.uri).params.has('unknownparam'));
  const c2 = contacts(load('cparam02.dat'))[0];
  assert.ok(c2 && !c2.params.has('unknownparam') && sip(c2.uri).params.has('unknownparam'));
  const c3 = contacts(load('regescrt.dat'))[0];
  assert.deepEqual([...sip(c3?.uri).headers], [['Route', '<sip:sip.example.com>']]);
});

test('lists and framing: longreq, semiuri, transports, dblreq, mpart01, lwsdisp', () => {
  const long = load('longreq.dat');
  assert.ok(f.getVias(long).length >= 30);
  assert.ok((f.getTo(long)?.displayName ?? '').includes('extremeextreme'));
  const semi = load('semiuri.dat');
  assert.ok(semi.kind === 'request');
  const su = parseUri(semi.uri);
  assert.ok(su.ok && sip(su.value).user === 'user;par=u@example.net');
  assert.equal(semi.headers.getAll('Accept').length, 6);
  assert.deepEqual(
    f.getVias(load('transports.dat')).map((v) => v.transport),
    ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP'],
  );
  const dbl = load('dblreq.dat');
  assert.ok(dbl.kind === 'request' && dbl.method === 'REGISTER' && dbl.body.length === 0);
  assert.equal(f.getCallId(dbl), 'dblreq.0ha0isndaksdj99sdfafnl3lk233412');
  const mp = load('mpart01.dat');
  assert.equal(mp.body.length, 553);
  assert.ok(mp.body.includes(0));
  assert.equal(f.getFrom(load('lwsdisp.dat'))?.displayName, 'caller');
});

test('responses, branches and RFC 2543 style (unreason, noreason, bcast, badbranch, inv2543)', () => {
  const u = load('unreason.dat');
  assert.ok(u.kind === 'response' && u.reason.startsWith('= 2**3 * 5**2 но') && u.body.length === 154);
  const n = load('noreason.dat');
  assert.ok(n.kind === 'response' && n.status === 100 && n.reason === '');
  assert.equal(f.getVias(load('bcast.dat'))[1]?.host, '255.255.255.255');
  assert.equal(hasRfc3261Branch(f.getTopVia(load('badbranch.dat'))!), false);
  const old = load('inv2543.dat');
  assert.equal(viaBranch(f.getTopVia(old)!), undefined);
  assert.equal(f.getMaxForwards(old), undefined);
  assert.ok(old.body.length > 0); // no Content-Length over a datagram: the rest is the body
});
