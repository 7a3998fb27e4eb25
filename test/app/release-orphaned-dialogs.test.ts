import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { newSessionRecord } from '../../src/domain/session.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import { recoverOrphanedSessions } from '../../src/app/use-cases/recover-sessions.ts';
import { releaseOrphanedDialogs } from '../../src/app/use-cases/release-orphaned-dialogs.ts';
import { Dialog } from '../../src/telephony/sip/dialog/index.ts';
import { createResponse, getCallId, parseSipMessage, serializeSipMessage } from '../../src/telephony/sip/message/index.ts';
import { releaseStateOf } from '../../src/telephony/sip/carrier/orphan-dialog.ts';
import type { SipCarrier } from '../../src/telephony/sip/carrier/sip-carrier.ts';
import { invite, ok200 } from '../telephony/sip/dialog/fixtures.ts';
import { openCarrier, settingsFor } from '../telephony/sip/carrier/support.ts';
import { cdrOf } from '../storage/support/cdr-read.ts';

// Recovery with the far ends told: a real SipCarrier BYEs the dialogs stored for unfinished sessions (to UDP peers that
// answer or stay silent), within one bounded budget, then recovery finishes every session with 208 as before.
interface Peer {
  socket: Socket;
  port: number;
  callIds: Set<string>;
}

async function peer(answers: boolean): Promise<Peer> {
  const socket = createSocket('udp4');
  const p: Peer = { socket, port: 0, callIds: new Set() };
  socket.on('message', (bytes, from) => {
    const m = parseSipMessage(bytes);
    if (!m.ok || m.message.kind !== 'request') return;
    p.callIds.add(getCallId(m.message) ?? '');
    if (answers) socket.send(serializeSipMessage(createResponse(m.message, 200)), from.port, from.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  p.port = socket.address().port;
  return p;
}

/** The release state of a call we placed to `to`, with its own Call-ID. */
function stateTo(to: Peer, callId: string): string {
  const request = invite();
  request.headers.set('Call-ID', callId);
  const response = ok200();
  response.headers.remove('Record-Route');
  response.headers.set('Call-ID', callId).set('Contact', `<sip:bob@127.0.0.1:${to.port}>`);
  const made = Dialog.asUac(request, response);
  assert.ok(made.ok);
  return releaseStateOf({ dialog: made.value, peer: { transport: 'UDP', host: '127.0.0.1', port: to.port } });
}

let dir: string;
let storage: Storage;
let carrier: SipCarrier;
let closeCarrier: () => Promise<void>;
let answering: Peer;
let silent: Peer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openccc-release-'));
  storage = await openStorage({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
  [answering, silent] = await Promise.all([peer(true), peer(false)]);
  ({ carrier, cleanup: closeCarrier } = await openCarrier(settingsFor(answering.port)));
});
after(async () => {
  await closeCarrier();
  await storage.close();
  answering.socket.close();
  silent.socket.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function unfinished(sdkAppId: number, status: 'ringing' | 'inProgress'): Promise<string> {
  const sessionId = `ro${String(n++).padStart(30, '0')}`;
  const base = newSessionRecord({
    sessionId,
    sdkAppId,
    ivrId: 1,
    callee: '+8613800138000',
    calleeE164: '+8613800138000',
    caller: '008610000000001',
    uui: '',
    variables: {},
    startedAt: 1000,
    requestId: 'r',
  });
  await storage.sessions.insert({ ...base, status, ringAt: 1100, ...(status === 'inProgress' ? { acceptAt: 1200 } : {}) });
  return sessionId;
}

test('recovery BYEs each stored dialog, finishes every unfinished session with 208 and leaves no dialog row', async () => {
  const up = await unfinished(21, 'inProgress');
  const quiet = await unfinished(21, 'inProgress');
  const ringing = await unfinished(21, 'ringing');
  const foreign = await unfinished(21, 'inProgress');
  await storage.callDialogs.save({ sessionId: up, carrier: 'sip', state: stateTo(answering, 'up@x'), createdAtMs: 1200 });
  await storage.callDialogs.save({ sessionId: quiet, carrier: 'sip', state: stateTo(silent, 'quiet@x'), createdAtMs: 1200 });
  await storage.callDialogs.save({ sessionId: foreign, carrier: 'other', state: '{}', createdAtMs: 1200 });
  // A restart: the next run opens the database as a new owner, to which these sessions are orphans.
  await storage.close();
  storage = await openStorage({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
  let summary;
  const t0 = performance.now();
  const clock = new VirtualClock(50_000);
  const count = await recoverOrphanedSessions(storage, clock, silentLogger, clock.now(), async (ids) => {
    summary = await releaseOrphanedDialogs({ storage, carrier, logger: silentLogger, budgetMs: 400 }, ids);
  });
  const took = performance.now() - t0;
  assert.equal(count, 4);
  assert.deepEqual(summary, { stored: 3, released: 1 });
  assert.ok(answering.callIds.has('up@x') && silent.callIds.has('quiet@x'), 'both BYEs went out');
  assert.ok(took < 1500, `recovery took ${took} ms with a 400 ms budget`);
  for (const id of [up, quiet, ringing, foreign]) assert.equal((await cdrOf(storage, 21, id))?.endStatus, 208, id);
  assert.deepEqual(await storage.callDialogs.ofSessions([up, quiet, ringing, foreign]), []);
});

test('many silent far ends: the budget bounds the whole release, with at most `concurrency` BYEs in flight', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    const id = await unfinished(22, 'inProgress');
    ids.push(id);
    await storage.callDialogs.save({ sessionId: id, carrier: 'sip', state: stateTo(silent, `many-${i}@x`), createdAtMs: 1200 });
  }
  silent.callIds.clear();
  const t0 = performance.now();
  const summary = await releaseOrphanedDialogs({ storage, carrier, logger: silentLogger, budgetMs: 300, concurrency: 8 }, ids);
  const took = performance.now() - t0;
  assert.deepEqual(summary, { stored: 60, released: 0 });
  assert.ok(took >= 280 && took < 1000, `took ${took} ms`);
  const sent = [...silent.callIds].filter((c) => c.startsWith('many-')); // the earlier test's BYE is still retransmitted
  assert.equal(sent.length, 8, 'the first 8 waited out the budget; the rest were not sent');
});

test('never throws: unreadable storage resolves with nothing stored', async () => {
  const broken = await openStorage({ kind: 'sqlite', path: join(dir, 'closed.sqlite') });
  await broken.close();
  assert.deepEqual(await releaseOrphanedDialogs({ storage: broken, carrier, logger: silentLogger }, ['x']), { stored: 0, released: 0 });
});
