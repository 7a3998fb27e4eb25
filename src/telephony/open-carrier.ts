import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Clock } from '../shared/clock.ts';
import { isTtsUnavailable, openTextToSpeech } from '../media/tts/open-tts.ts';
import type { Carrier } from './carrier.ts';
import { SimCarrier, type SimCarrierOptions } from './sim/sim-carrier.ts';
import { simCarrierConfigSchema, type SimCarrierConfig } from './sim/sim-config.ts';
import { SipCarrier } from './sip/carrier/sip-carrier.ts';
import { sipSettingsOf } from './sip/carrier/sip-settings.ts';
import type { SipCarrierConfig } from './sip/sip-config.ts';

export interface CarrierConfig {
  kind: 'sim' | 'sip';
  sim?: SimCarrierConfig | undefined;
  sip?: SipCarrierConfig | undefined;
}

export interface OpenCarrierOptions {
  /** Where the carrier keeps files: TTS renders (`tts/`), recordings (`recordings/`). */
  dataDir: string;
  /** Some flow of the world speaks text: a real line then needs text-to-speech. */
  textPrompts: boolean;
  /** Media worker threads of a SIP carrier; default one per core. */
  mediaWorkers?: number;
  /** false: no text-to-speech (a SIP world with text prompts then refuses to start). */
  textToSpeech?: boolean | undefined;
  /** The TTS plug-in to run (tests name one that does not exist). */
  ttsPluginSpecifier?: string | undefined;
  /** The simulated line's options (real text-prompt lengths). */
  sim?: SimCarrierOptions;
  /** The shared Redis (`redis.url`): a SIP trunk's limits then hold over every server using it. */
  redis?: Redis | undefined;
}

/** The configured carrier cannot run as configured; `reason` says why, for the user. */
export class UnsupportedCarrierError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnsupportedCarrierError';
  }
}

/**
 * Opens the carrier a world selects, as storage/open-storage.ts opens its database. The SIP
 * carrier binds its sockets and starts its media workers before this resolves.
 */
export async function openCarrier(config: CarrierConfig, clock: Clock, opts: OpenCarrierOptions): Promise<Carrier> {
  if (config.kind === 'sim') return new SimCarrier(config.sim ?? simCarrierConfigSchema.parse({}), clock, opts.sim ?? {});
  if (!config.sip) throw new UnsupportedCarrierError('the SIP carrier needs carrier.sip (the trunk: host, port, transport)');
  const tts =
    opts.textToSpeech === false
      ? { unavailable: 'text-to-speech is turned off' }
      : openTextToSpeech({
          cacheDir: join(opts.dataDir, 'tts'),
          clock,
          ...(opts.ttsPluginSpecifier ? { pluginSpecifier: opts.ttsPluginSpecifier } : {}),
        });
  if (isTtsUnavailable(tts) && opts.textPrompts) {
    throw new UnsupportedCarrierError(
      `flows of this world speak text prompts, and the SIP carrier plays them through text-to-speech, which is not available: ${tts.unavailable}`,
    );
  }
  try {
    return await SipCarrier.open(sipSettingsOf(config.sip), {
      clock,
      tts: isTtsUnavailable(tts) ? undefined : tts,
      ...(opts.mediaWorkers ? { mediaWorkers: opts.mediaWorkers } : {}),
      ...(opts.redis && { sharedTrunk: { redis: opts.redis } }),
    });
  } catch (err) {
    if (!isTtsUnavailable(tts)) await tts.close();
    throw err;
  }
}
