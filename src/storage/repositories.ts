import type { CallTrace } from '../domain/call-trace.ts';
import type { LifecycleEvent } from '../domain/lifecycle-event.ts';
import type { DeliveryOutcome, OutboxEntry, OutboxMessage, OutboxState } from '../domain/outbox.ts';
import type { SessionRecord } from '../domain/session.ts';

/**
 * The storage seam: one repository per aggregate. SQLite and Postgres implement the same
 * interfaces; dialect differences live in the dialect adapter, never in `if (pg)` branches.
 */

export interface Page<T> {
  total: number;
  items: T[];
}

/**
 * Which run of which server owns the sessions a Storage writes (docs/cluster.md). Every session
 * it inserts carries this owner; its saves and finishes only take effect while the row still does.
 */
export interface SessionOwner {
  node: string;
  /** Random per process start, so a restarted node is told from its previous run. */
  incarnation: string;
}

/**
 * What a save or finish did. `fenced`: nothing was written, because another server took the
 * session over (its owner's lease had expired) and its row and CDR are that server's now.
 */
export type WriteOutcome = 'written' | 'fenced';

export interface SessionRepository {
  /** Writes a new session, owned by this Storage's owner, and the events of its admission, in one transaction. */
  insert(session: SessionRecord, events?: readonly LifecycleEvent[], outbox?: readonly OutboxMessage[]): Promise<void>;
  /**
   * Overwrites the row with the same sessionId (the app layer owns the record) and appends the
   * events that led to this state, in one transaction: state and events never disagree. Fenced
   * (nothing written) when the row belongs to another owner.
   */
  save(session: SessionRecord, events?: readonly LifecycleEvent[], outbox?: readonly OutboxMessage[]): Promise<WriteOutcome>;
  /**
   * Appends events that change no column of the session (an IVR node entered, a variable set, a
   * recording ready) and the deliveries they owe, in one transaction, without rewriting the row,
   * finished or not. Fenced (nothing written) when the row belongs to another owner, or is gone.
   */
  append(sessionId: string, events: readonly LifecycleEvent[], outbox?: readonly OutboxMessage[]): Promise<WriteOutcome>;
  /** The lifecycle events of one session, in order. */
  events(sessionId: string): Promise<LifecycleEvent[]>;
  get(sdkAppId: number, sessionId: string): Promise<SessionRecord | undefined>;
  /** A session by id alone, whatever its app (session ids are unique): for the operator's CLI. */
  find(sessionId: string): Promise<SessionRecord | undefined>;
  /** Sessions not yet finished for one app, oldest first. */
  listActive(sdkAppId: number, offset: number, limit: number): Promise<Page<SessionRecord>>;
  /** Every unfinished session of every app, whoever owns it. */
  listUnfinished(): Promise<SessionRecord[]>;
  /**
   * Makes this Storage's owner the owner of every unfinished session whose owner holds no
   * unexpired lease at `nowMs` (a crashed node, an earlier run of this one, a row without owner),
   * in one statement, and returns them: of two servers sweeping at once, each session goes to one.
   */
  takeOverOrphans(nowMs: number): Promise<SessionRecord[]>;
  /** Calls admitted to a callee (E.164) since a time; feeds per-callee outbound rules. */
  countByCallee(sdkAppId: number, calleeE164: string, sinceMs: number): Promise<number>;
  /** Calls placed from a caller number since a time; feeds per-caller frequency rules. */
  countByCaller(sdkAppId: number, caller: string, sinceMs: number): Promise<number>;
  /** Unfinished sessions on one of our numbers, outbound from it (`caller` as configured) or inbound to it (its E.164). */
  countActiveOnNumber(sdkAppId: number, caller: string, numberE164: string): Promise<number>;
}

export interface CdrQuery {
  sdkAppId: number;
  /** Inclusive bounds on the session's start time, Unix ms. */
  fromMs: number;
  toMs: number;
  /** Matches caller, callee as given, or callee in E.164. */
  phones?: string[];
  sessionIds?: string[];
  offset: number;
  limit: number;
}

export interface CdrRepository {
  /** How many CDRs match, ignoring paging. */
  count(q: CdrQuery): Promise<number>;
  /** One page of matching session ids, newest first: CDRs never change, so callers may cache them. */
  pageIds(q: CdrQuery): Promise<string[]>;
  /** CDRs of one app by session id, in no particular order; unknown ids are left out. */
  getMany(sdkAppId: number, sessionIds: readonly string[]): Promise<SessionRecord[]>;
}

export interface StoredResponse {
  /** The exact JSON body first sent for this request. */
  body: string;
  createdAtMs: number;
}

/** Replay protection: a signed request seen before gets its first answer back. */
export interface IdempotencyRepository {
  get(key: string): Promise<StoredResponse | undefined>;
  /** Stores once; returns false if the key already existed (a concurrent replay won). */
  put(key: string, body: string, createdAtMs: number, expiresAtMs: number): Promise<boolean>;
  /** Replaces the body of an entry put before (a reservation by then answered). */
  complete(key: string, body: string): Promise<void>;
  /** Deletes expired entries; returns how many. */
  prune(nowMs: number): Promise<number>;
}

/** A call recording as stored once its file is complete. */
export interface StoredRecording {
  /** The public RecordId: random, unguessable. */
  recordingId: string;
  sessionId: string;
  sdkAppId: number;
  /** Absolute path of the WAV, as the app chose it. */
  path: string;
  channels: 1 | 2;
  durationMs: number;
  createdAtMs: number;
}

export interface RecordingRepository {
  insert(recording: StoredRecording): Promise<void>;
  get(recordingId: string): Promise<StoredRecording | undefined>;
  /** The recordings of these sessions, in no particular order; sessions without one are left out. */
  ofSessions(sessionIds: readonly string[]): Promise<StoredRecording[]>;
  /** Up to `limit` recordings created before `beforeMs`, oldest first: what retention deletes next. */
  createdBefore(beforeMs: number, limit: number): Promise<StoredRecording[]>;
  /** Deletes these rows; returns how many existed. */
  delete(recordingIds: readonly string[]): Promise<number>;
}

/** A CreateIVRSession ClientToken as first used. */
export interface ClientTokenUse {
  sdkAppId: number;
  token: string;
  /** Hash of the request's parameters (all but the token). */
  requestHash: string;
  /** The session the token stands for (it exists once that request has dialed). */
  sessionId: string;
  createdAtMs: number;
}

/** ClientToken idempotency of CreateIVRSession, shared by every server on the database. */
export interface ClientTokenRepository {
  /** Takes the token for this use unless a live entry holds it; false when one does. Atomic. */
  reserve(use: ClientTokenUse, expiresAtMs: number): Promise<boolean>;
  /** The live entry of a token, if any. */
  get(sdkAppId: number, token: string, nowMs: number): Promise<ClientTokenUse | undefined>;
  /** Frees a token whose request failed before dialing, if it is still this session's. */
  release(sdkAppId: number, token: string, sessionId: string): Promise<void>;
  /** Deletes expired entries; returns how many. */
  prune(nowMs: number): Promise<number>;
}

export interface StoredTrace {
  trace: CallTrace;
  createdAtMs: number;
}

/** Call traces (SIP ladder and RTP figures), one per session, for `openccc calls show`. */
export interface TraceRepository {
  /** Stores a session's trace; a later save replaces it (it saw more of the call). */
  save(sessionId: string, trace: CallTrace, createdAtMs: number): Promise<void>;
  get(sessionId: string): Promise<StoredTrace | undefined>;
}

/** One server's lease, as stored in `cluster_nodes`. */
export interface ClusterNode {
  nodeId: string;
  incarnation: string;
  leaseExpiresAtMs: number;
  startedAtMs: number;
  state: 'live' | 'draining';
  /** Where its API listens, when known (for the operator; requests are not forwarded by it). */
  url: string | null;
}

/** The result of ClusterNodeRepository.register: the lease, or the live run that holds it. */
export type Registration = { registered: true } | { registered: false; holder: ClusterNode };

/** Leases of the servers sharing the database (docs/cluster.md). */
export interface ClusterNodeRepository {
  /**
   * Takes `node.nodeId`'s lease for `node.incarnation`, unless another incarnation holds it
   * unexpired at `nowMs` (then `holder` says which). `force` takes it anyway: for a database
   * only this process can open (SQLite's lock already proved the old run is gone). Atomic.
   */
  register(node: ClusterNode, nowMs: number, opts?: { force?: boolean }): Promise<Registration>;
  /** Extends the lease to `expiresAtMs` if this incarnation still holds it unexpired at `nowMs`; false when lost. */
  renew(nodeId: string, incarnation: string, nowMs: number, expiresAtMs: number): Promise<boolean>;
  /** Marks this incarnation's lease draining (it takes no new calls); false when it does not hold it. */
  markDraining(nodeId: string, incarnation: string): Promise<boolean>;
  /** Expires this incarnation's lease now (a clean exit), keeping the row; its sessions become orphans. */
  release(nodeId: string, incarnation: string): Promise<void>;
  get(nodeId: string): Promise<ClusterNode | undefined>;
  /** Every lease row, expired or not, by node id. */
  list(): Promise<ClusterNode[]>;
}

/** An answered call's line state as its carrier gave it (CallLeg.releaseToken), kept while the call is up. */
export interface StoredCallDialog {
  sessionId: string;
  /** The carrier that can read `state` (Carrier.name). */
  carrier: string;
  /** Opaque to storage and app: the carrier's JSON text. */
  state: string;
  createdAtMs: number;
}

/** What a restart needs to end, on the line, the calls a crashed process had up (Carrier.releaseOrphan). */
export interface CallDialogRepository {
  /** Stores a call's line state; a later save for the same session replaces it. */
  save(dialog: StoredCallDialog): Promise<void>;
  /** The stored line states of these sessions, in no particular order; sessions without one are left out. */
  ofSessions(sessionIds: readonly string[]): Promise<StoredCallDialog[]>;
  /** Deletes the rows of these sessions; returns how many existed. finishSession deletes a session's own. */
  delete(sessionIds: readonly string[]): Promise<number>;
}

export interface OutboxClaim {
  now: number;
  limit: number;
  /** Who claims (one name per dispatcher); only it may settle what it claimed. */
  claimer: string;
  /** How long the claim holds: longer than an attempt can take, so no one else sends it meanwhile. */
  leaseMs: number;
  /** Only this endpoint's messages (a dispatcher claims as many as the endpoint has free slots). */
  endpointId?: string;
}

export interface OutboxQuery {
  state?: OutboxState;
  sessionId?: string;
  endpointId?: string;
  /** Newest first. */
  limit: number;
  offset?: number;
}

/**
 * Which messages an operator sends again: by id, by session (a replay), by endpoint, by state
 * (all of the given conditions). `states` defaults to the settled ones (delivered and dead).
 */
export interface OutboxRetry {
  ids?: readonly string[];
  sessionId?: string;
  endpointId?: string;
  states?: readonly OutboxState[];
}

/**
 * The durable outbox: deliveries owed to webhooks and TCCC data pushes. At least once: a claim
 * leases one attempt to one sender, and an attempt whose sender died is claimed again once the
 * lease ends. Per session and endpoint, messages go in seq order.
 */
export interface OutboxRepository {
  /** Appends messages atomically; one already there (same id) is kept as it is. */
  insert(messages: readonly OutboxMessage[]): Promise<void>;
  /**
   * Leases up to `limit` due, unclaimed pending messages, oldest due first, never one whose
   * session has an earlier message to the same endpoint still pending. Servers claiming at once
   * get disjoint messages.
   */
  claimDue(claim: OutboxClaim): Promise<OutboxEntry[]>;
  /** Records an attempt's outcome and frees the claim; false when `claimer` no longer holds it. */
  settle(id: string, claimer: string, outcome: DeliveryOutcome, at: number): Promise<boolean>;
  /** Ends `claimer`'s claim on a pending message unsent, so any sender may claim it; false if it held none. */
  release(id: string, claimer: string): Promise<boolean>;
  get(id: string): Promise<OutboxEntry | undefined>;
  list(q: OutboxQuery): Promise<OutboxEntry[]>;
  /**
   * Makes messages pending again, due `now`, with a fresh attempt count and max age (pending
   * since `now`); returns how many. A pending message being attempted right now (its lease not
   * run out) is left to its sender.
   */
  retry(which: OutboxRetry, now: number): Promise<number>;
  /**
   * How many messages are in each state: the backlog. With `states`, only those are counted (the
   * others read 0): each is a range of the (state, ...) index, so counting what is owed (pending,
   * dead) costs what is owed, not the delivered rows kept for the retention.
   */
  counts(states?: readonly OutboxState[]): Promise<Record<OutboxState, number>>;
  /** Deletes delivered messages last attempted before `beforeMs`; returns how many. */
  prune(beforeMs: number): Promise<number>;
  /**
   * Ends every claim now (returns how many): only for a database this process alone writes
   * (SQLite), whose earlier claimers are dead, so their leases need not be waited out after a crash.
   */
  releaseClaims(): Promise<number>;
  /**
   * Refreshes the planner's statistics of the outbox (Postgres ANALYZE; SQLite needs none). Without
   * them, a table that just grew plans the claim's order check badly (60-140 ms a claim).
   */
  analyze(): Promise<void>;
}

export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  /** Who owns the sessions this Storage writes. */
  readonly owner: SessionOwner;
  /**
   * True when this process is the database's only writer (an openccc SQLite file), so what is
   * derived from the data may be cached until this process itself writes. Postgres is shared.
   */
  readonly singleWriter: boolean;
  readonly sessions: SessionRepository;
  readonly cdrs: CdrRepository;
  readonly idempotency: IdempotencyRepository;
  readonly recordings: RecordingRepository;
  readonly clientTokens: ClientTokenRepository;
  readonly traces: TraceRepository;
  readonly clusterNodes: ClusterNodeRepository;
  readonly callDialogs: CallDialogRepository;
  /**
   * Saves the finished session, writes its CDR, appends its last events and deletes its call
   * dialog (a finished call never leaves one), in one transaction. Idempotent per sessionId.
   * Fenced (nothing written, not even the CDR) when the row belongs to another owner: a CDR is
   * only ever written with the session row it matches.
   */
  finishSession(session: SessionRecord, events?: readonly LifecycleEvent[], outbox?: readonly OutboxMessage[]): Promise<WriteOutcome>;
  /** Deliveries owed to webhooks and data push endpoints (docs/events.md). */
  readonly outbox: OutboxRepository;
  /**
   * Writes the CDR (and events) of an attempt the outbound rules refused, in one transaction. It
   * gets no sessions row: a refusal is never counted by the caps, listed as active or recovered.
   */
  recordRefusal(cdr: SessionRecord, events?: readonly LifecycleEvent[], outbox?: readonly OutboxMessage[]): Promise<void>;
  /** Applies pending migrations; safe to run on every start. */
  migrate(): Promise<void>;
  /** How many migrations this build has that the database lacks (0 once migrate() ran): one small read, for readiness. Rejects once closed. */
  pendingMigrations(): Promise<number>;
  close(): Promise<void>;
}

export type StorageConfig =
  /**
   * `exclusive` (default true): this process holds the file's lock while open, which saves a
   * lock system call per transaction; false lets other connections read it concurrently.
   */
  { kind: 'sqlite'; path: string; exclusive?: boolean } | { kind: 'postgres'; url: string; schema?: string };
