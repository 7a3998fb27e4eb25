import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../../../src/shared/clock.ts';
import type { IncomingCall, LineHangup } from '../../../../src/telephony/carrier.ts';
import { SipCarrier } from '../../../../src/telephony/sip/carrier/sip-carrier.ts';
import { UserAgentCore } from '../../../../src/telephony/sip/ua/index.ts';
import { SessionManager } from '../../../../src/telephony/sip/ua/session/index.ts';
import { settingsFor } from './support.ts';

// Issue 14 item 4, the session-timer end path through the carrier: an inbound call whose caller
// is the RFC 4028 refresher and then vanishes ends by our BYE at interval - min(32, interval/3),
// and the line reports the hangup the app turns into its CDR. SIP crosses real loopback sockets;
// only the timers are virtual.
const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n';
const tick = () => new Promise((r) => setTimeout(r, 20));

test('an answered inbound call whose refresher goes silent ends by session-timer expiry: BYE at 60 s, hangup reported once', async () => {
  const clock = new VirtualClock(Date.now());
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock });
  const callerSessions = new SessionManager(caller, { sessionTimer: { sessionExpires: 90, minSe: 90 } });
  // rtpTimeoutSeconds 0: the media worker's own wall-clock timer must not end the call first.
  const carrier = await SipCarrier.open(
    { ...settingsFor(caller.port), sessionExpiresSeconds: 90, rtpTimeoutSeconds: 0 },
    { clock, mediaWorkers: 1 },
  );
  try {
    const hangups: LineHangup[] = [];
    const answered = new Promise<IncomingCall>((resolve) => {
      carrier.on('incoming', (call) => {
        call.on('hangup', (h) => hangups.push(h));
        call.on('answered', () => resolve(call));
        call.answer();
      });
    });
    const out = callerSessions.call({
      destination: { transport: 'UDP', host: '127.0.0.1', port: carrier.sipPort },
      uri: `sip:008610000000077@127.0.0.1:${carrier.sipPort}`,
      sdp: SDP,
    });
    const session = await out.session;
    assert.ok(session, 'the carrier answered');
    assert.deepEqual(session.sessionTimer, { intervalSeconds: 90, weRefresh: true }, 'the caller refreshes');
    await answered;
    // The refresher vanishes without a word: no re-INVITE will come, and its UA answers our BYE 481.
    session.close();
    let byeAnswered = 0;
    const send = caller.adapter.send.bind(caller.adapter);
    caller.adapter.send = (m, d) => {
      if (m.kind === 'response' && (m.headers.get('CSeq') ?? '').endsWith('BYE')) byeAnswered = m.status;
      return send(m, d);
    };
    clock.advance(59_000);
    await tick();
    assert.equal(hangups.length, 0, 'still up at 59 s');
    clock.advance(1_000);
    for (let i = 0; i < 100 && (hangups.length === 0 || byeAnswered === 0); i++) await tick();
    assert.equal(hangups.length, 1);
    assert.match(hangups[0]!.reason, /session timer expired/);
    assert.equal(byeAnswered, 481, 'our BYE reached the caller');
    for (let i = 0; i < 100 && carrier.activeCalls() > 0; i++) await tick();
    assert.equal(carrier.activeCalls(), 0, 'the line is released');
  } finally {
    await carrier.close();
    await caller.close();
  }
});
