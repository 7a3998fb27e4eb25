import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../../../src/shared/clock.ts';
import { getCallId, getCSeq, getFrom, tagOf, type SipRequest } from '../../../../src/telephony/sip/message/index.ts';
import { InviteUac, UserAgentCore, type FailureOutcome, type IncomingInvite } from '../../../../src/telephony/sip/ua/index.ts';
import { SessionManager } from '../../../../src/telephony/sip/ua/session/index.ts';

// 3xx handling (RFC 3261 §8.1.3.4) against fake UASs built on our own UserAgentCore: a redirector answering 302, and
// the targets it names, each on its own port of 127.0.0.1.
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
const clock = new SystemClock();
const timers = { t1: 10, t4: 20 };

interface Uas {
  ua: UserAgentCore;
  invites: SipRequest[];
}

async function uas(handle: (inv: IncomingInvite) => void): Promise<Uas> {
  const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const invites: SipRequest[] = [];
  ua.onInvite = (inv) => {
    invites.push(inv.request);
    handle(inv);
  };
  return { ua, invites };
}

const redirector = (contacts: () => string) => uas((inv) => void inv.reject(302, undefined, [['Contact', contacts()]]));

function settle(uac: InviteUac): Promise<{ answered?: number; failed?: FailureOutcome; redirected: string[] }> {
  const redirected: string[] = [];
  uac.on('redirected', (r) => redirected.push(r.target));
  return new Promise((resolve) => {
    uac.on('answered', (a) => resolve({ answered: a.response.status, redirected }));
    uac.on('failed', (f) => resolve({ failed: f, redirected }));
  });
}

test('followRedirects 0 (the default): a 302 is the failure, with its code, reason and Contact', { timeout: 5000 }, async () => {
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const r = await redirector(() => '<sip:elsewhere@127.0.0.1:9>');
  const uac = new InviteUac(caller, { destination: { transport: 'UDP', host: '127.0.0.1', port: r.ua.port }, uri: 'sip:a@127.0.0.1' });
  const out = await settle(uac);
  assert.equal(out.failed?.status, 302);
  assert.equal(out.failed?.reason, 'Moved Temporarily');
  assert.equal(out.failed?.response?.headers.get('Contact'), '<sip:elsewhere@127.0.0.1:9>');
  assert.deepEqual(out.redirected, []);
  await Promise.all([caller.close(), r.ua.close()]);
});

test(
  'followRedirects 1: Contacts tried highest q first, each a new INVITE with the Call-ID and From tag kept, CSeq + 1',
  { timeout: 5000 },
  async () => {
    const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
    const sessions = new SessionManager(caller, { t1Ms: 10 });
    const busy = await uas((inv) => void inv.reject(486));
    const calleeSessions: SessionManager[] = [];
    const good = await uas((inv) => void calleeSessions[0]?.answer(inv, SDP));
    calleeSessions.push(new SessionManager(good.ua, { t1Ms: 10 }));
    const busyUri = `sip:busy@127.0.0.1:${busy.ua.port}`;
    const goodUri = `sip:good@127.0.0.1:${good.ua.port}`;
    const r = await redirector(() => `<${goodUri}>;q=0.4, <${busyUri}>;q=0.9`);
    const out = sessions.call({
      destination: { transport: 'UDP', host: '127.0.0.1', port: r.ua.port },
      uri: 'sip:a@127.0.0.1',
      sdp: SDP,
      followRedirects: 1,
    });
    const seen = settle(out.uac);
    const session = await out.session;
    assert.ok(session, 'the call reached the second target');
    assert.deepEqual((await seen).redirected, [busyUri, goodUri]);
    const all = [r.invites[0], busy.invites[0], good.invites[0]];
    assert.ok(all.every((i) => i !== undefined));
    assert.deepEqual(
      all.map((i) => getCSeq(i!)?.seq),
      [1, 2, 3],
    );
    assert.equal(new Set(all.map((i) => getCallId(i!))).size, 1, 'one Call-ID');
    assert.equal(new Set(all.map((i) => tagOf(getFrom(i!)!))).size, 1, 'one From tag');
    assert.deepEqual(
      all.map((i) => i!.uri),
      ['sip:a@127.0.0.1', busyUri, goodUri],
    );
    assert.equal(good.invites[0]?.headers.get('To'), '<sip:a@127.0.0.1>', 'the original To is kept');
    await session.hangup();
    await Promise.all([caller.close(), r.ua.close(), busy.ua.close(), good.ua.close()]);
  },
);

test('the depth is a limit: a second 302 with followRedirects 1 is the failure; with 2 it is followed', { timeout: 5000 }, async () => {
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const end = await uas((inv) => void inv.reject(603, 'Not Today'));
  const second = await redirector(() => `<sip:end@127.0.0.1:${end.ua.port}>`);
  const first = await redirector(() => `<sip:second@127.0.0.1:${second.ua.port}>`);
  const dest = { transport: 'UDP', host: '127.0.0.1', port: first.ua.port };
  const one = await settle(new InviteUac(caller, { destination: dest, uri: 'sip:a@127.0.0.1', followRedirects: 1 }));
  assert.equal(one.failed?.status, 302);
  assert.equal(end.invites.length, 0);
  const two = await settle(new InviteUac(caller, { destination: dest, uri: 'sip:a@127.0.0.1', followRedirects: 2 }));
  assert.equal(two.failed?.status, 603);
  assert.equal(two.failed?.reason, 'Not Today', 'the final failure keeps its own reason phrase');
  assert.equal(end.invites.length, 1);
  await Promise.all([caller.close(), first.ua.close(), second.ua.close(), end.ua.close()]);
});

test('a 3xx pointing back at a URI already tried is not followed (no loop)', { timeout: 5000 }, async () => {
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const self: { port: number } = { port: 0 };
  const r = await redirector(() => `<sip:a@127.0.0.1:${self.port}>`);
  self.port = r.ua.port;
  const uri = `sip:a@127.0.0.1:${r.ua.port}`;
  const out = await settle(
    new InviteUac(caller, { destination: { transport: 'UDP', host: '127.0.0.1', port: r.ua.port }, uri, followRedirects: 3 }),
  );
  assert.equal(out.failed?.status, 302);
  assert.equal(r.invites.length, 1);
  await Promise.all([caller.close(), r.ua.close()]);
});
