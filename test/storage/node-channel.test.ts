import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { silentLogger } from '../../src/shared/logger.ts';
import { channelNameOf, openNodeChannel, type NodeChannel, type NodeMessage } from '../../src/storage/cluster/node-channel.ts';
import { postgresUrl, whenPostgres } from './support/storage-targets.ts';

const next = (ch: NodeChannel) => new Promise<[NodeMessage, string]>((r) => ch.once('message', (m, from) => r([m, from])));
const hangup = (sessionId: string): NodeMessage => ({ type: 'hangup', sdkAppId: 1, sessionId, requestId: 'r' });

await whenPostgres('the node channel on Postgres', () => {
  test('messages reach the other nodes, not the sender; too big a payload is refused; close is idempotent', async () => {
    const ns = `t_${randomUUID()}`;
    const a = await openNodeChannel({ url: postgresUrl, namespace: ns, nodeId: 'a', logger: silentLogger });
    const b = await openNodeChannel({ url: postgresUrl, namespace: ns, nodeId: 'b', logger: silentLogger });
    const other = await openNodeChannel({ url: postgresUrl, namespace: `${ns}-other`, nodeId: 'c', logger: silentLogger });
    try {
      let selfHeard = 0;
      let otherHeard = 0;
      a.on('message', () => selfHeard++);
      other.on('message', () => otherHeard++);
      const got = next(b);
      await a.publish(hangup('s1'));
      assert.deepEqual(await got, [hangup('s1'), 'a']);
      await assert.rejects(a.publish(hangup('x'.repeat(8000))), RangeError);
      // Something that is not a node message on the channel is dropped, not fatal.
      const raw = new pg.Client({ connectionString: postgresUrl });
      await raw.connect();
      await raw.query(`notify ${channelNameOf(ns)}, 'not json'`);
      await raw.end();
      const again = next(b);
      await a.publish(hangup('s2'));
      assert.equal((await again)[0].type, 'hangup');
      assert.equal(selfHeard, 0, 'a node does not hear itself');
      assert.equal(otherHeard, 0, 'another namespace hears nothing');
    } finally {
      await a.close();
      await a.close();
      await b.close();
      await other.close();
    }
    await assert.rejects(a.publish(hangup('late')), /closed/);
  });

  test('a listener whose connection is killed reconnects and hears again', async () => {
    const ns = `t_${randomUUID()}`;
    const a = await openNodeChannel({ url: postgresUrl, namespace: ns, nodeId: 'a', logger: silentLogger });
    const b = await openNodeChannel({ url: postgresUrl, namespace: ns, nodeId: 'b', logger: silentLogger, backoffMs: 20 });
    const killer = new pg.Client({ connectionString: postgresUrl });
    await killer.connect();
    try {
      const reconnected = new Promise<void>((r) => b.once('reconnected', r));
      const killed = await killer.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid() and query = $1',
        [`listen ${channelNameOf(ns)}`],
      );
      assert.ok(killed.rowCount! >= 1, "the listeners' backends were found");
      await reconnected;
      const got = next(b);
      await a.publish(hangup('after'));
      assert.equal((await got)[0].type, 'hangup');
    } finally {
      await killer.end();
      await a.close();
      await b.close();
    }
  });
});
