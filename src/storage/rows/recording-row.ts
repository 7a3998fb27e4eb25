import type { RecordingsTable } from '../database.ts';
import type { StoredRecording } from '../repositories.ts';

export function toRecordingRow(r: StoredRecording): RecordingsTable {
  return {
    recording_id: r.recordingId,
    session_id: r.sessionId,
    sdk_app_id: r.sdkAppId,
    path: r.path,
    channels: r.channels,
    duration_ms: r.durationMs,
    created_at: r.createdAtMs,
  };
}

export function fromRecordingRow(r: RecordingsTable): StoredRecording {
  return {
    recordingId: r.recording_id,
    sessionId: r.session_id,
    sdkAppId: Number(r.sdk_app_id),
    path: r.path,
    channels: Number(r.channels) === 2 ? 2 : 1,
    durationMs: Number(r.duration_ms),
    createdAtMs: Number(r.created_at),
  };
}
