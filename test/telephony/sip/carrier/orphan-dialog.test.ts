import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { Dialog } from '../../../../src/telephony/sip/dialog/index.ts';
import {
  createResponse,
  getCSeq,
  getTopVia,
  parseSipMessage,
  serializeSipMessage,
  type SipRequest,
} from '../../../../src/telephony/sip/message/index.ts';
import type { SipCarrier } from '../../../../src/telephony/sip/carrier/sip-carrier.ts';
import { CSEQ_HEADROOM, orphanBye, releaseStateOf, restoreDialog } from '../../../../src/telephony/sip/carrier/orphan-dialog.ts';
import { invite, ok200 } from '../dialog/fixtures.ts';
import { openCarrier, settingsFor } from './support.ts';

// The BYE a restarted carrier sends in a dialog an earlier process stored (RFC 3261 §12.2.1.1, §15.1.1): built from the
// stored text alone, sent for real over UDP to a peer socket, which checks it and answers (or not).
interface Peer {
  socket: Socket;
  port: number;
  requests: SipRequest[];
  /** The status to answer each request with; undefined stays silent. */
  answer: number | undefined;
}

async function peer(): Promise<Peer> {
  const socket = createSocket('udp4');
  const p: Peer = { socket, port: 0, requests: [], answer: 200 };
  socket.on('message', (bytes: Buffer, from: RemoteInfo) => {
    const parsed = parseSipMessage(bytes);
    if (!parsed.ok || parsed.message.kind !== 'request') return;
    p.requests.push(parsed.message);
    if (p.answer !== undefined) socket.send(serializeSipMessage(createResponse(parsed.message, p.answer)), from.port, from.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  p.port = socket.address().port;
  return p;
}

/** The dialog of a call we placed (INVITE CSeq 314159) to bob at `contactPort`, through proxies as Record-Route says. */
function answeredDialog(contactPort: number, recordRoute: string[] = []): Dialog {
  const response = ok200('b0b');
  response.headers.remove('Record-Route');
  for (const r of recordRoute) response.headers.append('Record-Route', r);
  response.headers.set('Contact', `<sip:bob@127.0.0.1:${contactPort}>`);
  const made = Dialog.asUac(invite(), response);
  assert.ok(made.ok);
  return made.value;
}

let carrier: SipCarrier;
let cleanup: () => Promise<void>;
let bob: Peer;
let proxy: Peer;

before(async () => {
  [bob, proxy] = await Promise.all([peer(), peer()]);
  ({ carrier, cleanup } = await openCarrier(settingsFor(bob.port)));
});
after(async () => {
  await cleanup();
  bob.socket.close();
  proxy.socket.close();
});

test('the stored state is JSON whose CSeq is CSEQ_HEADROOM above the one in use, and rebuilds the dialog', () => {
  const dialog = answeredDialog(5070);
  const text = releaseStateOf({ dialog, peer: { transport: 'UDP', host: '203.0.113.9', port: 5060 } });
  const state = JSON.parse(text) as { v: number; dialog: { localSeq: number }; peer: unknown };
  assert.equal(state.v, 1);
  assert.equal(state.dialog.localSeq, 314159 + CSEQ_HEADROOM);
  assert.deepEqual(state.peer, { transport: 'udp', host: '203.0.113.9', port: 5060 });
  const restored = restoreDialog(text);
  assert.ok(restored.ok);
  assert.deepEqual(restored.value.peer, { transport: 'UDP', host: '203.0.113.9', port: 5060 });
  const bye = orphanBye(restored.value);
  assert.deepEqual(getCSeq(bye), { seq: 314160 + CSEQ_HEADROOM, method: 'BYE' });
  assert.equal(bye.uri, 'sip:bob@127.0.0.1:5070');
  assert.equal(bye.headers.get('From'), '"Alice" <sip:alice@atlanta.example.com>;tag=al1ce');
  assert.equal(bye.headers.get('To'), '"Bob" <sip:bob@biloxi.example.com>;tag=b0b');
  assert.equal(bye.headers.get('Call-ID'), '3848276298220188511@atlanta.example.com');
});

test('restoreDialog refuses what it cannot use', () => {
  for (const text of ['', '{', '{"v":2}', JSON.stringify({ v: 1, dialog: {}, peer: { transport: 'udp', host: 'h', port: 1 } })]) {
    assert.equal(restoreDialog(text).ok, false, text);
  }
  const good = JSON.parse(releaseStateOf({ dialog: answeredDialog(5070), peer: { transport: 'UDP', host: 'h', port: 1 } })) as object;
  assert.equal(restoreDialog(JSON.stringify({ ...good, peer: { transport: 'sctp', host: 'h', port: 1 } })).ok, false);
});

test('releaseOrphan sends the BYE to the remote target over UDP; the 200 makes it released', async () => {
  bob.requests.length = 0;
  bob.answer = 200;
  const state = releaseStateOf({ dialog: answeredDialog(bob.port), peer: { transport: 'UDP', host: '127.0.0.1', port: bob.port } });
  const outcome = await carrier.releaseOrphan({ carrier: 'sip', state }, { timeoutMs: 2000 });
  assert.equal(outcome.released, true, outcome.detail);
  assert.match(outcome.detail, /answered 200/);
  const [bye] = bob.requests;
  assert.ok(bye);
  assert.equal(bye.method, 'BYE');
  assert.equal(bye.uri, `sip:bob@127.0.0.1:${bob.port}`);
  assert.equal(bye.headers.get('CSeq'), `${314160 + CSEQ_HEADROOM} BYE`);
  assert.equal(bye.headers.get('Call-ID'), '3848276298220188511@atlanta.example.com');
  assert.match(bye.headers.get('From') ?? '', /;tag=al1ce$/);
  assert.match(bye.headers.get('To') ?? '', /;tag=b0b$/);
  const via = getTopVia(bye);
  assert.equal(via?.port, carrier.sipPort, 'our Via: the answer comes to this process');
  assert.equal(bye.headers.has('Route'), false);
});

test('with a route set the BYE goes to the first route, with Route headers, not to the remote target (§8.1.2)', async () => {
  bob.requests.length = 0;
  proxy.requests.length = 0;
  proxy.answer = 200;
  const dialog = answeredDialog(bob.port, [`<sip:127.0.0.1:${proxy.port};lr>`]);
  const state = releaseStateOf({ dialog, peer: { transport: 'UDP', host: '127.0.0.1', port: bob.port } });
  const outcome = await carrier.releaseOrphan({ carrier: 'sip', state }, { timeoutMs: 2000 });
  assert.equal(outcome.released, true, outcome.detail);
  assert.equal(bob.requests.length, 0);
  const [bye] = proxy.requests;
  assert.equal(bye?.uri, `sip:bob@127.0.0.1:${bob.port}`);
  assert.deepEqual(bye?.headers.getAll('Route'), [`<sip:127.0.0.1:${proxy.port};lr>`]);
});

test('481 (the far end already ended it) counts as released; silence resolves false within the bound', async () => {
  bob.answer = 481;
  const state = releaseStateOf({ dialog: answeredDialog(bob.port), peer: { transport: 'UDP', host: '127.0.0.1', port: bob.port } });
  assert.equal((await carrier.releaseOrphan({ carrier: 'sip', state }, { timeoutMs: 2000 })).released, true);
  bob.answer = undefined;
  bob.requests.length = 0;
  const t0 = performance.now();
  const silent = await carrier.releaseOrphan({ carrier: 'sip', state }, { timeoutMs: 300 });
  const took = performance.now() - t0;
  assert.equal(silent.released, false);
  assert.match(silent.detail, /no answer within 300 ms/);
  assert.ok(took >= 290 && took < 1000, `took ${took} ms`);
  assert.ok(bob.requests.length >= 1, 'the BYE was sent (and retransmitted, Timer E)');
});

test('a token of another carrier or an unreadable state is refused at once, without sending anything', async () => {
  bob.requests.length = 0;
  assert.equal((await carrier.releaseOrphan({ carrier: 'sim', state: '{}' }, { timeoutMs: 2000 })).released, false);
  const bad = await carrier.releaseOrphan({ carrier: 'sip', state: 'not json' }, { timeoutMs: 2000 });
  assert.deepEqual(bad, { released: false, detail: 'the release state is not JSON' });
  assert.equal(bob.requests.length, 0);
});
