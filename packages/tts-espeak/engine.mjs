// SPDX-License-Identifier: GPL-3.0-or-later
// espeak-ng (WebAssembly build) loaded once per process, with the current voice cached:
// set_voice reloads voice data and costs 20-50 ms, so it runs only when the voice changes.
import { espeakVoiceId } from './voices.mjs';

/** espeak-ng's result code for a voice it does not have (EE_NOT_FOUND). */
const EE_NOT_FOUND = 2;

export class EngineError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export async function loadEngine() {
  // The engine's Emscripten runtime prints through console.log by default; stdout carries frames only.
  const toStderr = (line) => process.stderr.write(`${line}\n`);
  const factory = (await import('@echogarden/espeak-ng-emscripten')).default;
  const module = await factory({ print: toStderr, printErr: toStderr });
  return new Engine(new module.eSpeakNGWorker());
}

class Engine {
  #worker;
  #voice = null;

  constructor(worker) {
    this.#worker = worker;
  }

  get sampleRate() {
    return this.#worker.samplerate;
  }

  /** Every voice espeak has: [{ id, name, languages }]. */
  listVoices() {
    return this.#worker.list_voices().map((v) => ({ id: v.identifier, name: v.name, languages: v.languages.map((l) => l.name) }));
  }

  /** The whole utterance as { voice: the espeak id used, samples: Int16Array at `sampleRate` }; throws EngineError. */
  synthesize(text, voiceName) {
    const voice = espeakVoiceId(voiceName);
    this.#useVoice(voice);
    const chunks = [];
    let total = 0;
    this.#worker.synthesize(text, (pcm) => {
      chunks.push(pcm); // already a copy out of the WASM heap (HEAP16.slice)
      total += pcm.length;
      return 0; // 0 = go on; non-zero would abort the synthesis
    });
    const samples = new Int16Array(total);
    let offset = 0;
    for (const c of chunks) {
      samples.set(c, offset);
      offset += c.length;
    }
    return { voice, samples };
  }

  #useVoice(id) {
    if (id === this.#voice) return;
    const rc = this.#worker.set_voice(id);
    if (rc === 0) {
      this.#voice = id;
      return;
    }
    this.#voice = null; // what espeak holds after a refusal is not ours to assume
    if (rc === EE_NOT_FOUND) throw new EngineError('unknown-voice', `espeak-ng has no voice "${id}" (see list-voices)`);
    throw new EngineError('synthesis-failed', `espeak-ng set_voice("${id}") failed with code ${rc}`);
  }
}
