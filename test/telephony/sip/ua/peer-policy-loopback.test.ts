import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemClock } from '../../../../src/shared/clock.ts';
import { DigestClient } from '../../../../src/telephony/sip/auth/digest-client.ts';
import { createResponse, type SipMessage } from '../../../../src/telephony/sip/message/index.ts';
import {
  InviteUac,
  PeerPolicy,
  UserAgentCore,
  sendOptions,
  type FailureOutcome,
  type PeerPolicyConfig,
} from '../../../../src/telephony/sip/ua/index.ts';
import { RawPeer, rawRequest } from './support.ts';

// Real UAs on loopback (127.0.0.1): the callee's peer policy decides whether 127.0.0.1 is a trunk.
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
const clock = new SystemClock();
const timers = { t1: 10, t4: 20 };
const DIGEST = { realm: 'openccc', nonceSecret: 'loopback-secret', users: { alice: 'pw' } };

/** A callee that would answer 200 to everything it is handed: only the policy stands in the way. */
async function callee(config: PeerPolicyConfig) {
  const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers, peerPolicy: new PeerPolicy(config) });
  const invites: string[] = [];
  ua.onInvite = (inv) => {
    invites.push(inv.request.headers.get('Call-ID') ?? '');
    inv.answer(SDP);
  };
  ua.dialogs = {
    inDialogRequest: (r, tx) => (tx.respond(createResponse(r, 200, undefined, { toTag: 'dlg' })), true),
    ack: () => undefined,
    strayResponse: () => undefined,
  };
  return { ua, invites, destination: { transport: 'UDP', host: '127.0.0.1', port: ua.port }, uri: `sip:callee@127.0.0.1:${ua.port}` };
}

function outcome(call: InviteUac): Promise<{ answered?: number; failed?: FailureOutcome }> {
  return new Promise((resolve) => {
    call.on('answered', (a) => resolve({ answered: a.response.status }));
    call.on('failed', (f) => resolve({ failed: f }));
  });
}

test('an untrusted peer gets 403 to OPTIONS; a trusted one gets 200', async () => {
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const closed = await callee({ trusted: ['10.0.0.0/8', '::1'] });
  const open = await callee({ trusted: ['127.0.0.0/8'] });
  assert.equal((await sendOptions(caller, closed.destination, closed.uri)).status, 403);
  assert.equal((await sendOptions(caller, open.destination, open.uri)).status, 200);
  await Promise.all([caller.close(), closed.ua.close(), open.ua.close()]);
});

test('a digest peer: its INVITE is challenged 401, the DigestClient retry is answered 200; a wrong password ends 403', async () => {
  const c = await callee({ trusted: [], digest: DIGEST });
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const digest = new DigestClient({ credentials: { username: 'alice', password: 'pw' }, cnonce: () => 'c0ffee' });
  const ok = await outcome(new InviteUac(caller, { destination: c.destination, uri: c.uri, sdp: SDP, digest }));
  assert.equal(ok.answered, 200);
  assert.equal(c.invites.length, 1, 'only the authenticated INVITE reached the handler');
  const wrong = new DigestClient({ credentials: { username: 'alice', password: 'nope' }, cnonce: () => 'c0ffee' });
  const refused = await outcome(new InviteUac(caller, { destination: c.destination, uri: c.uri, sdp: SDP, digest: wrong }));
  assert.equal(refused.failed?.status, 403);
  assert.equal(c.invites.length, 1);
  await Promise.all([caller.close(), c.ua.close()]);
});

/** Every method a peer might try, out of and inside a (guessed) dialog, then CANCEL and ACK for the INVITE. */
function battery(peerPort: number, run: string): { text: string; answered: boolean }[] {
  const inDialog = (m: string, id: string) =>
    rawRequest(m, peerPort, id).replace('To: <sip:ua@127.0.0.1>', 'To: <sip:ua@127.0.0.1>;tag=guess');
  const out = [
    'INVITE',
    'OPTIONS',
    'REGISTER',
    'MESSAGE',
    'SUBSCRIBE',
    'NOTIFY',
    'PUBLISH',
    'INFO',
    'UPDATE',
    'BYE',
    'PRACK',
    'REFER',
    'FOO',
  ].map((m) => ({ text: rawRequest(m, peerPort, `${run}-${m}`), answered: true }));
  for (const m of ['INVITE', 'OPTIONS', 'BYE', 'INFO', 'UPDATE', 'NOTIFY', 'REFER'])
    out.push({ text: inDialog(m, `${run}-dlg-${m}`), answered: true });
  out.push({ text: rawRequest('CANCEL', peerPort, `${run}-INVITE`, [], 'CANCEL'), answered: true });
  out.push({ text: rawRequest('CANCEL', peerPort, `${run}-none`, [], 'CANCEL'), answered: true });
  out.push({ text: inDialog('ACK', `${run}-dlg-ack`), answered: false });
  return out;
}

async function fire(peer: RawPeer, port: number, run: string): Promise<SipMessage[]> {
  const requests = battery(peer.port, run);
  const seen = new Set<string>();
  for (const r of requests) {
    peer.send(r.text, port);
    const callId = /Call-ID: (.*)/.exec(r.text)?.[1] ?? '';
    const method = /^(\S+)/.exec(r.text)?.[1] ?? '';
    if (!r.answered) continue;
    const key = `${callId} ${method}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await peer.next(
      (m) =>
        m.kind === 'response' && m.status >= 200 && m.headers.get('Call-ID') === callId && (m.headers.get('CSeq') ?? '').endsWith(method),
    );
  }
  await new Promise((res) => setTimeout(res, 50)); // anything late (an answer to the ACK) shows up
  return peer.received.filter((m) => m.kind === 'response' && (m.headers.get('Call-ID') ?? '').startsWith(run));
}

test('the UA never answers 2xx to an untrusted, unauthenticated peer, whatever the method, with or without digest', async () => {
  for (const [name, config] of [
    ['no-digest', { trusted: ['10.0.0.0/8'] }],
    ['digest', { trusted: ['10.0.0.0/8'], digest: DIGEST }],
  ] as const) {
    const c = await callee(config);
    const peer = await RawPeer.open();
    const responses = await fire(peer, c.ua.port, name);
    assert.ok(responses.length >= battery(peer.port, name).filter((r) => r.answered).length, `${name}: every request was answered`);
    const ok = responses.filter((m) => m.kind === 'response' && m.status >= 200 && m.status < 300);
    assert.deepEqual(
      ok.map((m) => m.headers.get('CSeq')),
      [],
      `${name}: no 2xx`,
    );
    const cancel = responses.find(
      (m) => m.kind === 'response' && m.headers.get('CSeq') === '1 CANCEL' && m.headers.get('Call-ID') === `${name}-INVITE@test`,
    );
    assert.equal(cancel?.kind === 'response' && cancel.status, 481, `${name}: CANCEL of the refused INVITE`);
    assert.equal(c.invites.length, 0);
    await Promise.all([peer.close(), c.ua.close()]);
  }
});

test('control: the same battery from a trusted source does get 2xx answers, so the test above can fail', async () => {
  const c = await callee({ trusted: ['127.0.0.1'] });
  const peer = await RawPeer.open();
  const responses = await fire(peer, c.ua.port, 'trusted');
  const okMethods = new Set(
    responses.flatMap((m) => (m.kind === 'response' && m.status === 200 ? [(m.headers.get('CSeq') ?? '').split(' ')[1]] : [])),
  );
  for (const m of ['INVITE', 'OPTIONS', 'BYE']) assert.ok(okMethods.has(m), `${m} got a 200 from a trusted peer`);
  await Promise.all([peer.close(), c.ua.close()]);
});

test('a digest peer may CANCEL the INVITE it got admitted: 200 to the CANCEL, 487 to the INVITE', async () => {
  const c = await callee({ trusted: [], digest: DIGEST });
  let cancelled = 0;
  c.ua.onInvite = (inv) => {
    inv.on('cancelled', () => void cancelled++);
    inv.ring();
  };
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock, timers });
  const digest = new DigestClient({ credentials: { username: 'alice', password: 'pw' }, cnonce: () => 'c0ffee' });
  const call = new InviteUac(caller, { destination: c.destination, uri: c.uri, sdp: SDP, digest });
  call.on('provisional', () => call.cancel());
  const r = await outcome(call);
  assert.equal(r.failed?.status, 487);
  assert.equal(cancelled, 1);
  await Promise.all([caller.close(), c.ua.close()]);
});
