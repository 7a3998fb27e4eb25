/**
 * Offer/answer cost per call setup, printed, not asserted:
 *   node --import tsx bench/sdp.ts
 * Operations per CPU-second (process.cpuUsage), median of 5 runs of 2,000.
 */
import { answerOffer } from '../src/telephony/sdp/answer-offer.ts';
import { createOffer } from '../src/telephony/sdp/create-offer.ts';
import { readAnswer } from '../src/telephony/sdp/read-answer.ts';
import { FREESWITCH_WITH_VIDEO } from '../test/telephony/sdp/peer-offers.ts';

const N = 2000;
function opsPerCpuSecond(fn: () => void): number {
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const c = process.cpuUsage();
    for (let i = 0; i < N; i++) fn();
    const u = process.cpuUsage(c);
    runs.push(N / ((u.user + u.system) / 1e6));
  }
  return runs.sort((a, b) => a - b)[2]!;
}

const local = { address: '192.0.2.1', port: 30000, sessionId: '1', sessionVersion: 1, codecs: ['PCMU', 'PCMA'] as const };
const offer = createOffer({ ...local, codecs: ['PCMU', 'PCMA'], telephoneEventPt: 101 });
const answered = answerOffer(offer, local);
if (!answered.ok) throw new Error(answered.reason);
const show = (name: string, ops: number) => console.log(`${name}: ${Math.round(ops).toLocaleString('en')} /CPU-s`);
show(
  'createOffer',
  opsPerCpuSecond(() => createOffer({ ...local, codecs: ['PCMU', 'PCMA'], telephoneEventPt: 101 })),
);
show(
  'answerOffer (FreeSWITCH offer, 2 m-lines)',
  opsPerCpuSecond(() => answerOffer(FREESWITCH_WITH_VIDEO, local)),
);
show(
  'readAnswer',
  opsPerCpuSecond(() => readAnswer(offer, answered.sdp)),
);
