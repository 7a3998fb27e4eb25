import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../../../../src/shared/clock.ts';
import type { SipMessage, SipRequest } from '../../../../../src/telephony/sip/message/index.ts';
import { UserAgentCore } from '../../../../../src/telephony/sip/ua/index.ts';
import { SessionManager } from '../../../../../src/telephony/sip/ua/session/index.ts';
import { RawPeer } from '../support.ts';

// In-dialog requests go to the first route, else the remote target (RFC 3261 §8.1.2, §12.2.1.1), never simply back to
// where the INVITE went: three raw UDP peers on 127.0.0.1 play the INVITE's destination, a proxy and the far UA.
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
const isReq = (method: string) => (m: SipMessage) => m.kind === 'request' && m.method === method;

/** A response to `r` as a UAS writes it (§8.2.6), lines joined by the RawPeer. */
function reply(r: SipRequest, status: string, extra: string[] = [], tag = 'far'): string {
  const to = r.headers.get('To') ?? '';
  return [
    `SIP/2.0 ${status}`,
    ...r.headers.getAll('Via').map((v) => `Via: ${v}`),
    `From: ${r.headers.get('From')}`,
    `To: ${to.includes(';tag=') ? to : `${to};tag=${tag}`}`,
    `Call-ID: ${r.headers.get('Call-ID')}`,
    `CSeq: ${r.headers.get('CSeq')}`,
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\n');
}

async function peers() {
  const clock = new SystemClock();
  const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers: { t1: 10, t4: 20 } });
  const sessions = new SessionManager(ua, { t1Ms: 10 });
  const [edge, proxy, far] = await Promise.all([RawPeer.open(), RawPeer.open(), RawPeer.open()]);
  const done = async () => {
    await ua.close();
    await Promise.all([edge.close(), proxy.close(), far.close()]);
  };
  return { ua, sessions, edge, proxy, far, done };
}

const cases = [
  { name: 'no route set: ACK, INFO and BYE go to the Contact', rr: undefined, at: 'far', uri: 'far', route: [] as string[] },
  { name: 'a loose first route (;lr): they go to the proxy, Request-URI = Contact', rr: 'lr', at: 'proxy', uri: 'far', route: ['lr'] },
  { name: 'a strict first route: they go to the proxy, Request-URI = that route', rr: 'strict', at: 'proxy', uri: 'proxy', route: ['far'] },
] as const;

for (const c of cases) {
  test(`UAC, ${c.name} (§12.2.1.1), not to the INVITE's destination`, { timeout: 5000 }, async () => {
    const p = await peers();
    const proxyUri = `sip:127.0.0.1:${p.proxy.port}${c.rr === 'lr' ? ';lr' : ''}`;
    const farUri = `sip:bob@127.0.0.1:${p.far.port}`;
    const extra = [`Contact: <${farUri}>`, ...(c.rr ? [`Record-Route: <${proxyUri}>`] : [])];
    const out = p.sessions.call({
      destination: { transport: 'UDP', host: '127.0.0.1', port: p.edge.port },
      uri: 'sip:bob@127.0.0.1',
      sdp: SDP,
    });
    const invite = (await p.edge.next(isReq('INVITE'))) as SipRequest;
    p.edge.send(reply(invite, '200 OK', extra), p.ua.port);
    const session = await out.session;
    assert.ok(session);
    const hop = c.at === 'far' ? p.far : p.proxy;
    const expectUri = c.uri === 'far' ? farUri : proxyUri;
    const expectRoute = c.route.map((r) => (r === 'lr' ? `<${proxyUri}>` : `<${farUri}>`));
    const ack = (await hop.next(isReq('ACK'))) as SipRequest;
    assert.equal(ack.uri, expectUri);
    assert.deepEqual(ack.headers.getAll('Route'), expectRoute);
    const dtmf = session.sendDtmf('1');
    const info = (await hop.next(isReq('INFO'))) as SipRequest;
    assert.equal(info.uri, expectUri);
    hop.send(reply(info, '200 OK'), p.ua.port);
    assert.equal(await dtmf, 200);
    const bye = session.hangup();
    const byeReq = (await hop.next(isReq('BYE'))) as SipRequest;
    assert.deepEqual(byeReq.headers.getAll('Route'), expectRoute);
    hop.send(reply(byeReq, '200 OK'), p.ua.port);
    await bye;
    // A set: with T1 = 10 ms the INVITE itself may be resent before its 200 (§17.1.1.2)
    const methods = new Set(p.edge.received.filter((m) => m.kind === 'request').map((m) => (m as SipRequest).method));
    assert.deepEqual([...methods], ['INVITE'], 'only the INVITE went to its destination');
    await p.done();
  });
}

test(
  'UAS: our BYE goes through the caller Record-Route (;lr) towards its Contact, not back to the INVITE source',
  { timeout: 5000 },
  async () => {
    const p = await peers();
    const answered = new Promise<void>((resolve) => {
      p.ua.onInvite = (inv) => {
        p.sessions.answer(inv, SDP);
        resolve();
      };
    });
    const farUri = `sip:alice@127.0.0.1:${p.far.port}`;
    const proxyUri = `sip:127.0.0.1:${p.proxy.port};lr`;
    const invite = [
      `INVITE sip:ua@127.0.0.1:${p.ua.port} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${p.edge.port};branch=z9hG4bK-nh-uas;rport`,
      'Max-Forwards: 70',
      `Record-Route: <${proxyUri}>`,
      'From: <sip:alice@127.0.0.1>;tag=a1',
      'To: <sip:ua@127.0.0.1>',
      'Call-ID: next-hop-uas@test',
      'CSeq: 7 INVITE',
      `Contact: <${farUri}>`,
      'Content-Length: 0',
      '',
      '',
    ].join('\n');
    p.edge.send(invite, p.ua.port);
    await answered;
    const ok = await p.edge.next((m) => m.kind === 'response' && m.status === 200);
    assert.equal(ok.headers.get('Record-Route'), `<${proxyUri}>`, 'the 2xx copies Record-Route (§12.1.1)');
    const ackTo = ok.headers.get('To') ?? '';
    p.edge.send(
      [
        `ACK sip:ua@127.0.0.1:${p.ua.port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${p.edge.port};branch=z9hG4bK-nh-uas-ack;rport`,
        'Max-Forwards: 70',
        'From: <sip:alice@127.0.0.1>;tag=a1',
        `To: ${ackTo}`,
        'Call-ID: next-hop-uas@test',
        'CSeq: 7 ACK',
        'Content-Length: 0',
        '',
        '',
      ].join('\n'),
      p.ua.port,
    );
    const [session] = p.sessions.all();
    assert.ok(session);
    await new Promise<void>((resolve) => (session.dialog.state === 'confirmed' ? resolve() : session.once('confirmed', resolve)));
    const bye = session.hangup();
    const byeReq = (await p.proxy.next(isReq('BYE'))) as SipRequest;
    assert.equal(byeReq.uri, farUri);
    assert.deepEqual(byeReq.headers.getAll('Route'), [`<${proxyUri}>`]);
    p.proxy.send(reply(byeReq, '200 OK'), p.ua.port);
    await bye;
    assert.equal(p.edge.received.filter((m) => m.kind === 'request').length, 0, 'nothing in the dialog went back to the source');
    await p.done();
  },
);
