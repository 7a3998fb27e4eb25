import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Storage } from '../storage/repositories.ts';
import type { World } from './world.ts';
import type { CallSupervisor } from './call/call-supervisor.ts';
import type { AdmissionLock } from './admission-lock.ts';
import type { RemoteHangups } from './cluster/remote-hangups.ts';
import type { CdrReader } from './cdr-reader.ts';
import type { CallerRotation } from './caller-rotation.ts';
import type { Recordings } from './recordings/recordings.ts';
import type { CalleeAreaResolver } from './geo/callee-area-resolver.ts';
import type { MetricsSource } from './observability/metrics-source.ts';
import type { Readiness } from './observability/readiness.ts';
import type { OutboxFeed } from './events/outbox-feed.ts';

/** Everything a use case may touch; built once by the server. */
export interface AppContext {
  world: World;
  storage: Storage;
  clock: Clock;
  logger: Logger;
  calls: CallSupervisor;
  /** Serializes admission per callee/caller while counting rules decide: in process, or cluster-wide. */
  admission: AdmissionLock;
  callers: CallerRotation;
  /** Cluster mode: hangs up calls live on another server (over the node channel). */
  remoteHangups?: RemoteHangups | undefined;
  /** How long HangUpCall waits for another server's answer; REMOTE_HANGUP_TIMEOUT_MS by default. */
  remoteHangupTimeoutMs?: number | undefined;
  /** DescribeTelCdr's reads and their caches. */
  cdrs: CdrReader;
  /** Call recordings: where they are written, their signed URLs. */
  recordings: Recordings;
  /** Geocodes callees for the blind-area rule's subdivisions and cities. */
  areas: CalleeAreaResolver;
  /** What /metrics reads of the app at scrape time (live sessions, ended calls, the carrier's counters). */
  metrics: readonly MetricsSource[];
  /** What /readyz asks: storage, migrations, carrier, not draining. */
  readiness: Readiness;
  /** Which webhook and data push deliveries a write owes (docs/events.md); absent: none. */
  outbox?: OutboxFeed | undefined;
}
