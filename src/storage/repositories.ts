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
  insert(session: SessionRecord): Promise<void>;
  /** Overwrites the row with the same sessionId (the app layer owns the record). */
  save(session: SessionRecord): Promise<void>;
  get(sdkAppId: number, sessionId: string): Promise<SessionRecord | undefined>;
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
  /** Newest first. */
  query(q: CdrQuery): Promise<Page<SessionRecord>>;
  /** The same page as query(), as session ids only: CDRs never change, so callers may cache them. */
  queryIds(q: CdrQuery): Promise<Page<string>>;
  /** CDRs of one app by session id, in no particular order; unknown ids are left out. */
  getMany(sdkAppId: number, sessionIds: readonly string[]): Promise<SessionRecord[]>;
  get(sdkAppId: number, sessionId: string): Promise<SessionRecord | undefined>;
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

export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  readonly sessions: SessionRepository;
  readonly cdrs: CdrRepository;
  readonly idempotency: IdempotencyRepository;
  /** Saves the finished session and writes its CDR in one transaction. Idempotent per sessionId. */
  finishSession(session: SessionRecord): Promise<void>;
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
