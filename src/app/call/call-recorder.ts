import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { OwnedTimers } from '../../shared/owned-timers.ts';
import type { SessionRecord } from '../../domain/session.ts';
import type { CallLeg, RecordingResult } from '../../telephony/carrier.ts';
import type { StoredRecording } from '../../storage/repositories.ts';
import type { RecordingPlan } from '../recordings/recordings.ts';

/** What a call's recorder needs of the app's recordings. */
export interface RecordingSink {
  plan(): RecordingPlan;
  save(recording: StoredRecording): Promise<void>;
}

/** How long the CDR waits for the carrier to complete the file before it is written without it. */
const DONE_TIMEOUT_MS = 10_000;

/**
 * One call's recording, for an IVR with `record: true`: started when the call is answered,
 * completed by the carrier when the leg ends (the leg owns it), stored once the file is complete.
 * `settle()` is what finalize waits for before writing the CDR, so a CDR that is visible already
 * has its recording; a carrier that never reports `done` delays the CDR by at most 10 s.
 */
export class CallRecorder {
  private started = false;
  private result: Promise<RecordingResult | undefined> = Promise.resolve(undefined);
  private settling: Promise<StoredRecording | undefined> | undefined;
  private ids: { recordingId: string; path: string; channels: 1 | 2 } | undefined;
  private readonly timers: OwnedTimers;

  constructor(
    private readonly sink: RecordingSink,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.timers = new OwnedTimers(clock);
  }

  /** Starts recording the answered leg; once per call. */
  start(leg: CallLeg): void {
    if (this.started || leg.closed) return;
    this.started = true;
    const plan = this.sink.plan();
    try {
      const recording = leg.record({ channels: plan.channels, path: plan.path });
      this.result = new Promise((resolve) => {
        recording.once('done', resolve);
        recording.once('close', () => resolve(undefined));
      });
      this.ids = { recordingId: plan.recordingId, path: plan.path, channels: plan.channels === 'stereo' ? 2 : 1 };
    } catch (err) {
      this.logger.error({ err }, 'could not start recording');
    }
  }

  /** Waits for the file (bounded), then stores it; never rejects. Idempotent. Resolves to the stored recording, if one was. */
  settle(session: SessionRecord): Promise<StoredRecording | undefined> {
    this.settling ??= this.store(session);
    return this.settling;
  }

  private async store(session: SessionRecord): Promise<StoredRecording | undefined> {
    const ids = this.ids;
    if (!ids) return undefined;
    const timeout = new Promise<'timeout'>((resolve) => this.timers.after(DONE_TIMEOUT_MS, () => resolve('timeout')));
    const result = await Promise.race([this.result, timeout]);
    this.timers.cancelAll();
    const log = { recordingId: ids.recordingId };
    if (result === 'timeout') {
      this.logger.error(log, 'the carrier did not complete the recording in time; the CDR has none');
      return undefined;
    }
    if (!result) {
      this.logger.warn(log, 'the recording was abandoned; the CDR has none');
      return undefined;
    }
    if (result.error !== undefined) {
      this.logger.error({ ...log, error: result.error }, 'the recording failed; the CDR has none');
      return undefined;
    }
    const recording: StoredRecording = {
      recordingId: ids.recordingId,
      sessionId: session.sessionId,
      sdkAppId: session.sdkAppId,
      path: ids.path,
      channels: ids.channels,
      durationMs: Math.round(result.durationMs),
      createdAtMs: this.clock.now(),
    };
    try {
      await this.sink.save(recording);
      return recording;
    } catch (err) {
      this.logger.error({ ...log, err }, 'could not store the recording');
      return undefined;
    }
  }
}
