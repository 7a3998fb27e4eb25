import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { VirtualClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { recoverOrphanedSessions } from '../../src/app/use-cases/recover-sessions.ts';
import { cdrOf } from '../storage/support/cdr-read.ts';

test('a process killed mid-call leaves sessions that the next start closes with a CDR (208, system)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-recover-'));
  const path = join(dir, 'db.sqlite');
  try {
    // A real crash: another process writes a ringing and an answered session, then dies by SIGKILL.
    const writer = `
      import { openStorage } from ${JSON.stringify(new URL('../../src/storage/open-storage.ts', import.meta.url).pathname)};
      import { newSessionRecord } from ${JSON.stringify(new URL('../../src/domain/session.ts', import.meta.url).pathname)};
      const st = await openStorage({ kind: 'sqlite', path: ${JSON.stringify(path)} });
      const base = { sdkAppId: 1, ivrId: 1, callee: '+8613800138000', calleeE164: '+8613800138000', caller: '008610000000001', uui: '', variables: {}, startedAt: 1000, requestId: 'r' };
      await st.sessions.insert({ ...newSessionRecord({ ...base, sessionId: 'ringing' }), status: 'ringing', ringAt: 1100 });
      await st.sessions.insert({ ...newSessionRecord({ ...base, sessionId: 'talking' }), status: 'inProgress', ringAt: 1100, acceptAt: 1200 });
      process.kill(process.pid, 'SIGKILL');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', writer], { encoding: 'utf8' });
    assert.equal(child.signal, 'SIGKILL', child.stderr);

    const clock = new VirtualClock(50_000);
    const storage = await openStorage({ kind: 'sqlite', path });
    try {
      assert.equal(await recoverOrphanedSessions(storage, clock, silentLogger, clock.now()), 2);
      const ringing = await cdrOf(storage, 1, 'ringing');
      const talking = await cdrOf(storage, 1, 'talking');
      assert.deepEqual([ringing?.endStatus, ringing?.hungUpSide, ringing?.endedAt, ringing?.acceptAt], [208, 'system', 50_000, null]);
      assert.deepEqual([talking?.endStatus, talking?.endedAt, talking?.ivrEndedAt, talking?.acceptAt], [208, 50_000, 50_000, 1200]);
      assert.equal((await storage.sessions.listUnfinished()).length, 0);
      assert.equal(await recoverOrphanedSessions(storage, clock, silentLogger, clock.now()), 0, 'a second start finds nothing left');
    } finally {
      await storage.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
