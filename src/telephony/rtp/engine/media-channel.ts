/**
 * The one typed message channel between the main thread's MediaEngine and a media worker: commands
 * down, events up, each a discriminated union on `type`. Prompts cross once per worker (their frames
 * live in a SharedArrayBuffer, so the post shares memory); `play` then names the prompt by id.
 */
import type { RecordingResult } from '../wav-recorder.ts';
import type { PortRange } from './port-pool.ts';
import type { PromptFrames } from './prompt-frames.ts';
import type { DtmfEvent, NegotiatedMedia, PlaybackDone, RtpSessionStats, RtpSessionTuning } from './rtp-session-types.ts';

/** workerData of a media worker. */
export interface MediaWorkerConfig {
  index: number;
  address: string;
  ports: PortRange;
  tuning: RtpSessionTuning;
}

export type MediaCommand =
  | { type: 'open'; sessionId: number; media: NegotiatedMedia; tuning?: RtpSessionTuning }
  /** The SDP answer arrived after the session was opened for the offer: peer address, codec, telephone-event PT. */
  | { type: 'updateMedia'; sessionId: number; media: NegotiatedMedia }
  | { type: 'prompt'; promptId: number; frames: PromptFrames }
  | { type: 'forgetPrompt'; promptId: number }
  | { type: 'play'; sessionId: number; playbackId: string; promptId: number; bargeIn: boolean }
  | { type: 'stop'; sessionId: number }
  | { type: 'bargeIn'; sessionId: number }
  | { type: 'recordStart'; sessionId: number; path: string; channels: 1 | 2 }
  | { type: 'recordStop'; sessionId: number }
  | { type: 'sendDigit'; sessionId: number; digit: string }
  | { type: 'stats'; sessionId: number }
  | { type: 'close'; sessionId: number }
  | { type: 'workerStats' }
  | { type: 'shutdown' };

export interface WorkerStats {
  index: number;
  sessions: number;
  ticksRun: number;
  ticksSkipped: number;
  /** Pacer.lateness: ticks per 1 ms bin of lateness after their due time. */
  tickLateness: number[];
  /** process.cpuUsage() as the worker sees it (µs). On Node 20 it is the whole process's (getrusage RUSAGE_SELF), not the thread's. */
  cpuUserUs: number;
  cpuSystemUs: number;
  /** CPU of this thread alone (user + system, µs, 10 ms resolution) from /proc/thread-self/stat; undefined off Linux. */
  threadCpuUs?: number;
  /** RTP/RTCP packets sent and received by the sessions open now (their sum, for CPU per packet). */
  packetsSent: number;
  packetsReceived: number;
  /** The thread's heap and its live timers and UDP sockets (process.getActiveResourcesInfo()), for leak checks. */
  heapUsed: number;
  timers: number;
  sockets: number;
}

export type MediaEvent =
  | { type: 'ready'; index: number }
  | { type: 'opened'; sessionId: number; address: string; port: number; ssrc: number }
  | { type: 'openFailed'; sessionId: number; reason: 'portsExhausted' | 'bindFailed'; message: string }
  | { type: 'dtmf'; sessionId: number; event: DtmfEvent }
  | { type: 'playbackDone'; sessionId: number; done: PlaybackDone }
  | { type: 'rtpTimeout'; sessionId: number; silentMs: number }
  | { type: 'latched'; sessionId: number; address: string; port: number }
  | { type: 'stats'; sessionId: number; stats: RtpSessionStats }
  | { type: 'recordingStarted'; sessionId: number; path: string }
  | { type: 'recordingFailed'; sessionId: number; message: string }
  | { type: 'recordingDone'; sessionId: number; result: RecordingResult }
  | { type: 'closed'; sessionId: number }
  | { type: 'workerStats'; stats: WorkerStats };
