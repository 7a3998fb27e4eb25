import type { CallTrace } from '../domain/call-trace.ts';
import type { LifecycleEvent } from '../domain/lifecycle-event.ts';
import type { SessionRecord } from '../domain/session.ts';

/**
 * The storage seam: one repository per aggregate. SQLite and Postgres implement the same
 * interfaces; dialect differences live in the dialect adapter, never in `if (pg)` branches.
 */

export interface Page<T> {
  total: number;
  items: T[];
}

export interface SessionRepository {
  /** Writes a new session and the events of its admission, in one transaction. */
  insert(session: SessionRecord, events?: readonly LifecycleEvent[]): Promise<void>;
  /**
   * Overwrites the row with the same sessionId (the app layer owns the record) and appends the
   * events that led to this state, in one transaction: state and events never disagree.
   */
  save(session: SessionRecord, events?: readonly LifecycleEvent[]): Promise<void>;
  /** The lifecycle events of one session, in order. */
  events(sessionId: string): Promise<LifecycleEvent[]>;
  get(sdkAppId: number, sessionId: string): Promise<SessionRecord | undefined>;
  /** A session by id alone, whatever its app (session ids are unique): for the operator's CLI. */
  find(sessionId: string): Promise<SessionRecord | undefined>;
  /** Sessions not yet finished for one app, oldest first. */
  listActive(sdkAppId: number, offset: number, limit: number): Promise<Page<SessionRecord>>;
  /** Every unfinished session of every app: what a restart must settle. */
  listUnfinished(): Promise<SessionRecord[]>;
  /** Calls admitted to a callee (E.164) since a time; feeds per-callee outbound rules. */
  countByCallee(sdkAppId: number, calleeE164: string, sinceMs: number): Promise<number>;
  /** Calls placed from a caller number since a time; feeds per-caller frequency rules. */
  countByCaller(sdkAppId: number, caller: string, sinceMs: number): Promise<number>;
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

export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * True when this process is the database's only writer (an openccc SQLite file), so what is
   * derived from the data may be cached until this process itself writes. Postgres is shared.
   */
  readonly singleWriter: boolean;
  readonly sessions: SessionRepository;
  readonly cdrs: CdrRepository;
  readonly idempotency: IdempotencyRepository;
  readonly traces: TraceRepository;
  /** Saves the finished session, writes its CDR and appends its last events, in one transaction. Idempotent per sessionId. */
  finishSession(session: SessionRecord, events?: readonly LifecycleEvent[]): Promise<void>;
  /** Applies pending migrations; safe to run on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type StorageConfig =
  /**
   * `exclusive` (default true): this process holds the file's lock while open, which saves a
   * lock system call per transaction; false lets other connections read it concurrently.
   */
  { kind: 'sqlite'; path: string; exclusive?: boolean } | { kind: 'postgres'; url: string; schema?: string };
