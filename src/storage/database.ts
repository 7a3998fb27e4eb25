/**
 * The tables as Kysely sees them. Times are Unix ms in bigint columns; both dialects hand them
 * back as JS numbers (the Postgres adapter parses int8). JSON values are stored as text.
 */

/** A CDR row is a finished session frozen at the moment it ended. */
export interface CdrsTable {
  session_id: string;
  sdk_app_id: number;
  ivr_id: number;
  callee: string;
  callee_e164: string;
  caller: string;
  direction: number;
  status: string;
  uui: string;
  /** JSON object of string values. */
  variables: string;
  started_at: number;
  ring_at: number | null;
  accept_at: number | null;
  ended_at: number | null;
  ivr_ended_at: number | null;
  end_status: number | null;
  hung_up_side: string | null;
  /** JSON array of KeyPress. */
  key_presses: string;
  request_id: string;
  /** JSON LineOutcome, or null. */
  line_outcome: string | null;
}

/** A session row: the CDR shape plus which run of which server owns it (null: a row from before 0007). */
export interface SessionsTable extends CdrsTable {
  owner_node: string | null;
  owner_incarnation: string | null;
}

/** One server's lease (docs/cluster.md); times are Unix ms. */
export interface ClusterNodesTable {
  node_id: string;
  incarnation: string;
  lease_expires_at: number;
  started_at: number;
  /** live | draining */
  state: string;
  url: string | null;
}

export interface IdempotencyTable {
  key: string;
  body: string;
  created_at: number;
  expires_at: number;
}

export interface ClientTokensTable {
  sdk_app_id: number;
  token: string;
  request_hash: string;
  session_id: string;
  created_at: number;
  expires_at: number;
}

/** One lifecycle event of a session; `data` is JSON. */
export interface SessionEventsTable {
  session_id: string;
  seq: number;
  type: string;
  occurred_at: number;
  data: string;
}

/** One finished call recording (a WAV file); `recording_id` is the public RecordId. */
export interface RecordingsTable {
  recording_id: string;
  session_id: string;
  sdk_app_id: number;
  path: string;
  channels: number;
  duration_ms: number;
  created_at: number;
}

/** One call's trace; `trace` is a JSON CallTrace. */
export interface SessionTracesTable {
  session_id: string;
  trace: string;
  created_at: number;
}

/** One answered call's line state (a carrier's opaque JSON), while the call is up. */
export interface CallDialogsTable {
  session_id: string;
  carrier: string;
  state: string;
  created_at: number;
}

/** One delivery owed to one endpoint (domain OutboxEntry); `payload` is the JSON body sent. */
export interface OutboxTable {
  id: string;
  event_id: string;
  session_id: string;
  seq: number;
  endpoint_id: string;
  kind: string;
  payload: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  pending_since: number;
  last_attempt_at: number | null;
  last_error: string | null;
  claimed_by: string | null;
  claimed_until: number | null;
  created_at: number;
}

export interface Database {
  sessions: SessionsTable;
  cdrs: CdrsTable;
  idempotency: IdempotencyTable;
  client_tokens: ClientTokensTable;
  session_events: SessionEventsTable;
  recordings: RecordingsTable;
  session_traces: SessionTracesTable;
  cluster_nodes: ClusterNodesTable;
  call_dialogs: CallDialogsTable;
  outbox: OutboxTable;
}
