import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SystemClock } from '../../src/shared/clock.ts';
import { UserAgentCore } from '../../src/telephony/sip/ua/index.ts';
import { REPO } from './support/peers.ts';
import { collect, newCollected, optionsRequest, udpSocket } from './support/sip-client.ts';

// The 49 RFC 4475 torture messages (in the repository) sent to a live UA, each followed by an OPTIONS it must answer.
const DIR = join(REPO, 'test/fixtures/sip/rfc4475');

test('RFC 4475: after each torture message the UA still answers OPTIONS, with well-formed SIP only', { timeout: 60_000 }, async () => {
  const rejections: unknown[] = [];
  const onRejection = (e: unknown): void => void rejections.push(e);
  process.on('unhandledRejection', onRejection);
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.dat'))
    .sort();
  assert.equal(files.length, 49);
  const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock(), timers: { t1: 20, t4: 100 } });
  const c = newCollected();
  const waiting = new Map<string, () => void>();
  const socket = await udpSocket((b) => {
    const r = collect(c, b);
    const id = r?.headers.get('Call-ID');
    if (id !== undefined) waiting.get(id)?.();
  });
  const port = socket.address().port;
  const late: string[] = [];
  try {
    for (const f of files) {
      socket.send(readFileSync(join(DIR, f)), ua.port, '127.0.0.1');
      const id = `opt-${f}`;
      const ok = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 1000);
        waiting.set(id, () => (clearTimeout(timer), resolve(true)));
        socket.send(optionsRequest(ua.port, port, id), ua.port, '127.0.0.1');
      });
      if (!ok) late.push(f);
    }
    assert.deepEqual(late, []);
    assert.deepEqual(c.unparseable, []);
    assert.equal(c.statuses.get(200), 49);
  } finally {
    socket.close();
    await ua.close();
    process.off('unhandledRejection', onRejection);
  }
  assert.deepEqual(rejections, []);
});
