import type { Kysely } from 'kysely';
import type { ClusterNodesTable, Database } from './database.ts';
import type { ClusterNode, ClusterNodeRepository, Registration } from './repositories.ts';

/** Leases in `cluster_nodes`: one row per node id, kept across runs (release expires it, never deletes it). */
export class KyselyClusterNodeRepository implements ClusterNodeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  // One statement: of two runs registering one node id at once, exactly one gets the row.
  async register(node: ClusterNode, nowMs: number, opts: { force?: boolean } = {}): Promise<Registration> {
    const row = toRow(node);
    const taken = await this.db
      .insertInto('cluster_nodes')
      .values(row)
      .onConflict((oc) => {
        const update = oc.column('node_id').doUpdateSet({
          incarnation: row.incarnation,
          lease_expires_at: row.lease_expires_at,
          started_at: row.started_at,
          state: row.state,
          url: row.url,
        });
        return opts.force ? update : update.where('cluster_nodes.lease_expires_at', '<=', nowMs);
      })
      .returning('incarnation')
      .executeTakeFirst();
    if (taken?.incarnation === node.incarnation) return { registered: true };
    const holder = await this.get(node.nodeId);
    if (!holder) throw new Error(`cluster: the lease of node ${node.nodeId} was neither taken nor held`);
    return { registered: false, holder };
  }

  async renew(nodeId: string, incarnation: string, nowMs: number, expiresAtMs: number): Promise<boolean> {
    const r = await this.db
      .updateTable('cluster_nodes')
      .set({ lease_expires_at: expiresAtMs })
      .where('node_id', '=', nodeId)
      .where('incarnation', '=', incarnation)
      .where('lease_expires_at', '>', nowMs)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async markDraining(nodeId: string, incarnation: string): Promise<boolean> {
    const r = await this.db
      .updateTable('cluster_nodes')
      .set({ state: 'draining' })
      .where('node_id', '=', nodeId)
      .where('incarnation', '=', incarnation)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async release(nodeId: string, incarnation: string): Promise<void> {
    await this.db
      .updateTable('cluster_nodes')
      .set({ lease_expires_at: 0 })
      .where('node_id', '=', nodeId)
      .where('incarnation', '=', incarnation)
      .execute();
  }

  async get(nodeId: string): Promise<ClusterNode | undefined> {
    const row = await this.db.selectFrom('cluster_nodes').selectAll().where('node_id', '=', nodeId).executeTakeFirst();
    return row && fromRow(row);
  }

  async list(): Promise<ClusterNode[]> {
    const rows = await this.db.selectFrom('cluster_nodes').selectAll().orderBy('node_id').execute();
    return rows.map(fromRow);
  }
}

function toRow(n: ClusterNode): ClusterNodesTable {
  return {
    node_id: n.nodeId,
    incarnation: n.incarnation,
    lease_expires_at: n.leaseExpiresAtMs,
    started_at: n.startedAtMs,
    state: n.state,
    url: n.url,
  };
}

function fromRow(r: ClusterNodesTable): ClusterNode {
  return {
    nodeId: r.node_id,
    incarnation: r.incarnation,
    leaseExpiresAtMs: r.lease_expires_at,
    startedAtMs: r.started_at,
    state: r.state === 'draining' ? 'draining' : 'live',
    url: r.url,
  };
}
