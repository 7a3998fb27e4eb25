// The resampler thread's body: wavefile's sinc filter costs 25-110 ms per prompt (measured: 110 ms
// for 3 s of speech under load), too long to run on the thread that serves SIP and the API.
import { parentPort } from 'node:worker_threads';
import { resamplePcm16 } from './resample.ts';

export interface ResampleJob {
  id: number;
  pcm: Int16Array;
  fromRate: number;
  toRate: number;
}

export type ResampleAnswer = { id: number; pcm: Int16Array } | { id: number; error: string };

parentPort?.on('message', (job: ResampleJob) => {
  let answer: ResampleAnswer;
  try {
    answer = { id: job.id, pcm: resamplePcm16(job.pcm, job.fromRate, job.toRate) };
  } catch (e) {
    answer = { id: job.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(answer, 'pcm' in answer ? [answer.pcm.buffer as ArrayBuffer] : []);
});
