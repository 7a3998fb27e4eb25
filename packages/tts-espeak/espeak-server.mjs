#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
// The plug-in process: loads espeak-ng once, then answers framed requests on stdin with framed
// responses on stdout, one at a time, until stdin closes. stdout carries frames and nothing else;
// every log line goes to stderr. Protocol: README.md.
import { endianness } from 'node:os';
import { EngineError, loadEngine } from './engine.mjs';
import { FrameDecoder, encodeFrame } from './frames.mjs';

const EXIT_BROKEN_STREAM = 2;
const EXIT_ENGINE_MISSING = 3;
const MAX_TEXT_CHARS = 10_000;

const log = (line) => process.stderr.write(`[tts-espeak ${process.pid}] ${line}\n`);
// Nothing may reach stdout by accident: console output from any module goes to stderr.
// eslint-disable-next-line no-console -- this rebinds console; it does not print
console.log = console.info = console.debug = (...args) => log(args.join(' '));

let engine;
try {
  engine = await loadEngine();
} catch (e) {
  log(`cannot load @echogarden/espeak-ng-emscripten: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(EXIT_ENGINE_MISSING);
}

/** Int16 samples as little-endian bytes, whatever this machine's byte order. */
function littleEndianBytes(samples) {
  const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  return endianness() === 'LE' ? bytes : Buffer.from(bytes).swap16();
}

function answer(header) {
  const id = header.id;
  if (typeof id !== 'number' && typeof id !== 'string')
    return { id: null, ok: false, code: 'bad-request', error: 'id must be a number or string' };
  const type = header.type ?? 'synthesize';
  if (type === 'list-voices') return { id, ok: true, voices: engine.listVoices() };
  if (type !== 'synthesize') return { id, ok: false, code: 'bad-request', error: `unknown request type "${type}"` };
  const { text, voice } = header;
  if (typeof text !== 'string') return { id, ok: false, code: 'bad-request', error: 'text must be a string' };
  if (text.length > MAX_TEXT_CHARS) return { id, ok: false, code: 'bad-request', error: `text is over ${MAX_TEXT_CHARS} characters` };
  if (voice !== undefined && voice !== null && typeof voice !== 'string')
    return { id, ok: false, code: 'bad-request', error: 'voice must be a string' };
  try {
    const spoken = engine.synthesize(text, voice ?? undefined);
    return { id, ok: true, voice: spoken.voice, sampleRate: engine.sampleRate, samples: spoken.samples.length, pcm: spoken.samples };
  } catch (e) {
    const code = e instanceof EngineError ? e.code : 'synthesis-failed';
    return { id, ok: false, code, error: e instanceof Error ? e.message : String(e) };
  }
}

const decoder = new FrameDecoder();
process.stdin.on('data', (chunk) => {
  const result = decoder.push(chunk);
  for (const { header } of result.frames) {
    const { pcm, ...response } = answer(header);
    process.stdout.write(encodeFrame(response, pcm ? littleEndianBytes(pcm) : undefined));
  }
  if (result.error) {
    // Nothing after this point can be framed: answer what came before it, then leave once stdout drains.
    log(`broken request stream: ${result.error}`);
    process.exitCode = EXIT_BROKEN_STREAM;
    process.stdin.destroy();
    process.stdout.end();
  }
});
// stdin closed: the parent is done (or gone). Leave once what we wrote has drained.
process.stdin.on('end', () => process.stdout.end());
process.stdout.on('error', (e) => {
  log(`stdout: ${e.message}`); // the parent is gone: nobody is left to answer
  process.exit(EXIT_BROKEN_STREAM);
});
log(`ready: espeak-ng, ${engine.sampleRate} Hz`);
