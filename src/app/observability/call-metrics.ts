import { endStatusString } from '../../domain/end-status.ts';
import type { SessionRecord, SessionStatus } from '../../domain/session.ts';
import type { CallSupervisor } from '../call/call-supervisor.ts';
import type { MetricFamily, MetricsSource } from './metrics-source.ts';

const LIVE_STATES: readonly Exclude<SessionStatus, 'finished'>[] = ['dialing', 'ringing', 'inProgress'];

/** Live sessions by state, counted from the supervisor on each scrape (so the figure cannot drift). */
export function liveSessionMetrics(calls: CallSupervisor): MetricsSource {
  return {
    families: [
      {
        name: 'openccc_live_sessions',
        help: 'Sessions with a call in flight in this process, by state (dialing, ringing, inProgress).',
        type: 'gauge',
        labelNames: ['state'],
        read() {
          const counts = calls.countByStatus();
          return LIVE_STATES.map((state) => ({ labels: { state }, value: counts[state] }));
        },
      },
    ],
  };
}

/** CDRs this process wrote, by EndStatus: noted once per durable CDR (calls and refused attempts alike). */
export class EndedCalls implements MetricsSource {
  private readonly byStatus = new Map<string, number>();
  readonly families: readonly MetricFamily[] = [
    {
      name: 'openccc_calls_ended_total',
      help: 'CDRs written by this process, by EndStatusString (ok, notAnswer, busy, ...; refused attempts included).',
      type: 'counter',
      labelNames: ['end_status'],
      read: () => [...this.byStatus].map(([status, value]) => ({ labels: { end_status: status }, value })),
    },
  ];

  /** A CDR is durable. */
  note(record: SessionRecord): void {
    const status = endStatusString(record.endStatus ?? 0);
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
}
