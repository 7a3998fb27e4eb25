import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { FlowError, parseFlow, type FlowDefinition, type ResolvedAudio } from '../../ivr/loader.ts';
import { readWavDurationMs } from './wav-duration.ts';

/**
 * Reads a flow file: the I/O edge of the pure IVR loader. Audio paths are resolved against the
 * file's directory, must exist, and carry their measured length when they are WAVs, so the
 * simulator and the simulated line play them for the same time.
 */
export function loadFlowFile(path: string): FlowDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FlowError(path, [{ file: path, path: '', message: `cannot read flow file: ${(err as Error).message}` }]);
  }
  const dir = dirname(resolve(path));
  return parseFlow(text, path, { resolveAudio: (written) => resolveAudioFile(isAbsolute(written) ? written : resolve(dir, written)) });
}

function resolveAudioFile(path: string): ResolvedAudio {
  if (!existsSync(path)) return { path, exists: false };
  const durationMs = readWavDurationMs(path);
  return durationMs === undefined ? { path, exists: true } : { path, exists: true, durationMs };
}
