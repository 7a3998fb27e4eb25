import type { Kysely, Migration } from 'kysely';

/**
 * Several servers on one database (docs/cluster.md): `cluster_nodes` holds each server's lease,
 * renewed by heartbeat; `sessions.owner_node` + `owner_incarnation` say which run of which
 * server owns a call. Rows from before this migration have no owner and count as orphaned.
 */
export const clusterNodes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('cluster_nodes')
      .addColumn('node_id', 'text', (c) => c.primaryKey())
      // A fresh random value per process start: tells a restarted node from its previous run.
      .addColumn('incarnation', 'text', (c) => c.notNull())
      .addColumn('lease_expires_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .execute();
    await db.schema.alterTable('sessions').addColumn('owner_node', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('owner_incarnation', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('sessions').dropColumn('owner_incarnation').execute();
    await db.schema.alterTable('sessions').dropColumn('owner_node').execute();
    await db.schema.dropTable('cluster_nodes').execute();
  },
};
