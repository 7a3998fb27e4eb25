import type { WorldConfig } from '../config/schema.ts';
import { nodeIdOf } from './node-id.ts';

/** The `cluster` config with its defaults, in ms; a single server without `cluster` gets the same. */
export interface ClusterSettings {
  nodeId: string;
  leaseMs: number;
  heartbeatMs: number;
  shutdown: { mode: 'hangup' | 'drain'; drainMs: number };
}

export function clusterSettingsOf(cfg: WorldConfig, listen: string): ClusterSettings {
  const c = cfg.cluster;
  return {
    nodeId: nodeIdOf(c?.nodeId, listen),
    leaseMs: (c?.leaseSeconds ?? 15) * 1000,
    heartbeatMs: (c?.heartbeatSeconds ?? 5) * 1000,
    shutdown: { mode: c?.shutdown.mode ?? 'hangup', drainMs: (c?.shutdown.drainSeconds ?? 30) * 1000 },
  };
}
