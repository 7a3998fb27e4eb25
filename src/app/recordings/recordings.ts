import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../shared/clock.ts';
import type { Storage, StoredRecording } from '../../storage/repositories.ts';
import type { RecordingsConfig } from '../config/schema.ts';
import { UrlSigner } from './url-signer.ts';

/** Where the app asks a carrier to write one call's recording. */
export interface RecordingPlan {
  recordingId: string;
  path: string;
  channels: 'mono' | 'stereo';
}

/** What a CDR shows of its call's recording. */
export interface RecordingLink {
  recordId: string;
  recordUrl: string;
}

export type RecordingLookup =
  | { found: true; recording: StoredRecording; size: number }
  | { found: false; reason: 'unsigned' | 'badSignature' | 'expired' | 'notFound' };

export interface RecordingsOptions {
  /** `<dataDir>/recordings`: the carrier writes here, the HTTP route serves from here. */
  dir: string;
  config: RecordingsConfig;
  /** The server's own address, `http://host:port`: the base of RecordURL unless publicBaseUrl is set. */
  listenUrl: string;
  key: Buffer;
  storage: Storage;
  clock: Clock;
  /** True when some IVR of the world records, or recordings are stored from earlier runs. */
  mayHaveRecordings: boolean;
}

/**
 * Call recordings as the app knows them: where each is written (random, unguessable ids), the
 * stored rows, and the signed URLs minted at read time, so a CDR always shows a fresh link that
 * needs no API credential and dies after `urlTtlSeconds`.
 */
export class Recordings {
  private readonly signer: UrlSigner;
  private baseUrl: string;
  private mayHave: boolean;

  constructor(private readonly opts: RecordingsOptions) {
    this.signer = new UrlSigner(opts.key);
    this.baseUrl = (opts.config.publicBaseUrl ?? opts.listenUrl).replace(/\/+$/, '');
    this.mayHave = opts.mayHaveRecordings;
  }

  get dir(): string {
    return this.opts.dir;
  }

  /** Once the server listens on its real port (`--listen 127.0.0.1:0`), links use it, unless publicBaseUrl is configured. */
  useListenUrl(url: string): void {
    if (this.opts.config.publicBaseUrl === undefined) this.baseUrl = url.replace(/\/+$/, '');
  }

  plan(): RecordingPlan {
    const recordingId = randomBytes(16).toString('hex');
    return { recordingId, path: join(this.opts.dir, `${recordingId}.wav`), channels: this.opts.config.channels };
  }

  async save(recording: StoredRecording): Promise<void> {
    this.mayHave = true;
    await this.opts.storage.recordings.insert(recording);
  }

  /** A URL valid for `urlTtlSeconds` from now. */
  urlFor(recordingId: string): string {
    const expires = Math.floor(this.opts.clock.now() / 1000) + this.opts.config.urlTtlSeconds;
    const signature = this.signer.sign(recordingId, expires);
    return `${this.baseUrl}/recordings/${recordingId}.wav?expires=${expires}&signature=${signature}`;
  }

  /** The recording link of each session that has one; one query per page of CDRs, none in a world that never recorded. */
  async linksOf(sessionIds: readonly string[]): Promise<Map<string, RecordingLink>> {
    const links = new Map<string, RecordingLink>();
    if (!this.mayHave || sessionIds.length === 0) return links;
    const found = await this.opts.storage.recordings.ofSessions(sessionIds);
    // A session has at most one recording today; should it have several, the first one made is shown.
    found.sort((a, b) => a.createdAtMs - b.createdAtMs);
    for (const r of found)
      if (!links.has(r.sessionId)) links.set(r.sessionId, { recordId: r.recordingId, recordUrl: this.urlFor(r.recordingId) });
    return links;
  }

  /**
   * The recording a request names, once its signature and expiry hold; unknown ids are reported
   * only after a valid signature, so an unsigned request learns nothing about what exists. The
   * file path comes from storage, never from the request.
   */
  async find(file: string, expires: unknown, signature: unknown): Promise<RecordingLookup> {
    const id = file.endsWith('.wav') ? file.slice(0, -4) : '';
    const check = this.signer.check(id, expires, signature, this.opts.clock.now());
    // A valid signature implies a well-formed id (the signer refuses any other): safe to look up.
    if (!check.ok) return { found: false, reason: check.reason };
    const recording = await this.opts.storage.recordings.get(id);
    if (!recording) return { found: false, reason: 'notFound' };
    const size = await stat(recording.path).then(
      (s) => (s.isFile() ? s.size : undefined),
      () => undefined,
    );
    return size === undefined ? { found: false, reason: 'notFound' } : { found: true, recording, size };
  }
}
