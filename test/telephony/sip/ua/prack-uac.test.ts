import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../../../src/shared/clock.ts';
import type { SipMessage, SipRequest } from '../../../../src/telephony/sip/message/index.ts';
import { InviteUac, UserAgentCore, type ProvisionalOutcome } from '../../../../src/telephony/sip/ua/index.ts';
import { SessionManager } from '../../../../src/telephony/sip/ua/session/index.ts';
import { RawPeer, rawRequest, statusFor } from './support.ts';

// RFC 3262 as UAC against a raw UDP UAS: the INVITE offers 100rel, each new reliable 1xx gets one PRACK in its early
// dialog (sent to that dialog's Contact), and a retransmitted one is neither PRACKed again nor surfaced again.
const isReq = (method: string) => (m: SipMessage) => m.kind === 'request' && m.method === method;

function reply(r: SipRequest, status: string, extra: string[] = []): string {
  const to = r.headers.get('To') ?? '';
  return [
    `SIP/2.0 ${status}`,
    ...r.headers.getAll('Via').map((v) => `Via: ${v}`),
    `From: ${r.headers.get('From')}`,
    `To: ${to.includes(';tag=') ? to : `${to};tag=uas1`}`,
    `Call-ID: ${r.headers.get('Call-ID')}`,
    `CSeq: ${r.headers.get('CSeq')}`,
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\n');
}

test(
  'reliable 183 then 180: one PRACK each (RAck rseq cseq INVITE), to the 1xx Contact; retransmissions ignored',
  { timeout: 5000 },
  async () => {
    const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock(), timers: { t1: 10, t4: 20 } });
    const sessions = new SessionManager(ua, { t1Ms: 10 });
    const [edge, far] = await Promise.all([RawPeer.open(), RawPeer.open()]);
    const contact = `Contact: <sip:uas@127.0.0.1:${far.port}>`;
    const out = sessions.call({ destination: { transport: 'UDP', host: '127.0.0.1', port: edge.port }, uri: 'sip:uas@127.0.0.1' });
    const seen: ProvisionalOutcome[] = [];
    out.uac.on('provisional', (p) => seen.push(p));
    const invite = (await edge.next(isReq('INVITE'))) as SipRequest;
    assert.match(invite.headers.getAll('Supported').join(','), /100rel/);
    const rel = (status: string, rseq: number) => reply(invite, status, [contact, 'Require: 100rel', `RSeq: ${rseq}`]);
    edge.send(rel('183 Session Progress', 41), ua.port);
    edge.send(rel('183 Session Progress', 41), ua.port); // a retransmission (RFC 3262 §3)
    const prack1 = (await far.next(isReq('PRACK'))) as SipRequest;
    assert.equal(prack1.headers.get('RAck'), '41 1 INVITE');
    assert.equal(prack1.headers.get('CSeq'), '2 PRACK');
    assert.equal(prack1.uri, `sip:uas@127.0.0.1:${far.port}`);
    far.send(reply(prack1, '200 OK'), ua.port);
    edge.send(rel('180 Ringing', 41), ua.port); // an old RSeq again: ignored
    edge.send(rel('180 Ringing', 42), ua.port);
    const prack2 = (await far.next((m) => isReq('PRACK')(m) && m.headers.get('RAck') === '42 1 INVITE')) as SipRequest;
    assert.equal(prack2.headers.get('CSeq'), '3 PRACK');
    far.send(reply(prack2, '200 OK'), ua.port);
    edge.send(reply(invite, '200 OK', [contact]), ua.port);
    const session = await out.session;
    assert.ok(session);
    assert.deepEqual(
      seen.map((p) => [p.status, p.rseq]),
      [
        [183, 41],
        [180, 42],
      ],
    );
    // Distinct PRACK transactions (by CSeq): with T1 = 10 ms a PRACK itself may be resent before its 200 (§17.1.2.2)
    const pracks = new Set(far.received.filter(isReq('PRACK')).map((m) => m.headers.get('CSeq')));
    assert.deepEqual([...pracks], ['2 PRACK', '3 PRACK'], 'no PRACK for a retransmitted 1xx');
    assert.equal(edge.received.filter(isReq('PRACK')).length, 0);
    // The confirmed dialog continues the early dialog's CSeq space (§12.2.1.1): BYE is 4
    const bye = session.hangup();
    const byeReq = (await far.next(isReq('BYE'))) as SipRequest;
    assert.equal(byeReq.headers.get('CSeq'), '4 BYE');
    far.send(reply(byeReq, '200 OK'), ua.port);
    await bye;
    await ua.close();
    await Promise.all([edge.close(), far.close()]);
  },
);

test('an unreliable 180 (no Require: 100rel) gets no PRACK and is surfaced without an RSeq', { timeout: 5000 }, async () => {
  const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock(), timers: { t1: 10, t4: 20 } });
  const edge = await RawPeer.open();
  const uac = new InviteUac(ua, { destination: { transport: 'UDP', host: '127.0.0.1', port: edge.port }, uri: 'sip:uas@127.0.0.1' });
  const first = new Promise<ProvisionalOutcome>((resolve) => uac.once('provisional', resolve));
  const invite = (await edge.next(isReq('INVITE'))) as SipRequest;
  edge.send(reply(invite, '180 Ringing', [`Contact: <sip:uas@127.0.0.1:${edge.port}>`, 'RSeq: 5']), ua.port);
  const p = await first;
  assert.equal(p.status, 180);
  assert.equal(p.rseq, undefined);
  edge.send(reply(invite, '486 Busy Here'), ua.port);
  await new Promise((resolve) => uac.once('failed', resolve));
  assert.equal(edge.received.filter(isReq('PRACK')).length, 0);
  await ua.close();
  await edge.close();
});

test(
  'as UAS we send no reliable 1xx: a PRACK gets 481 (RFC 3262 §3), and an INVITE requiring 100rel gets 420',
  { timeout: 5000 },
  async () => {
    const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock() });
    new SessionManager(ua);
    ua.onInvite = (inv) => void inv.ring();
    const peer = await RawPeer.open();
    peer.send(
      rawRequest('PRACK', peer.port, 'pr1', ['RAck: 1 1 INVITE']).replace('To: <sip:ua@127.0.0.1>', 'To: <sip:ua@127.0.0.1>;tag=x'),
      ua.port,
    );
    await peer.next(statusFor(481, 'PRACK'));
    peer.send(rawRequest('INVITE', peer.port, 'pr2', ['Require: 100rel', `Contact: <sip:peer@127.0.0.1:${peer.port}>`]), ua.port);
    const r420 = await peer.next(statusFor(420, 'INVITE'));
    assert.equal(r420.headers.get('Unsupported'), '100rel');
    const options = rawRequest('OPTIONS', peer.port, 'pr3');
    peer.send(options, ua.port);
    const ok = await peer.next(statusFor(200, 'OPTIONS'));
    assert.match(ok.headers.getAll('Allow').join(','), /PRACK/);
    await ua.close();
    await peer.close();
  },
);
