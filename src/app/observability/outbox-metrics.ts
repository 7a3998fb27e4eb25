import type { DeliveryOutcome, OutboxState } from '../../domain/outbox.ts';
import type { MetricFamily, MetricsSource } from './metrics-source.ts';

const STATES: readonly OutboxState[] = ['pending', 'delivered', 'dead'];
/** The outcome of one attempt, as the counter labels it. */
const OUTCOME_LABEL: Record<DeliveryOutcome['kind'], string> = { delivered: 'delivered', retry: 'retried', dead: 'dead' };

/**
 * The outbox (docs/events.md): its backlog by state, as last counted (a scrape must be synchronous,
 * and a count is a query: OutboxUpkeep refreshes it every few seconds), and the outcome of every
 * attempt this process's dispatcher settled.
 */
export class OutboxMetrics implements MetricsSource {
  private backlog: Record<OutboxState, number> = { pending: 0, delivered: 0, dead: 0 };
  private readonly outcomes = new Map<string, number>(Object.values(OUTCOME_LABEL).map((o) => [o, 0]));
  readonly families: readonly MetricFamily[] = [
    {
      name: 'openccc_outbox_messages',
      help: 'Outbox deliveries stored, by state (pending, delivered, dead), as counted at most a few seconds ago.',
      type: 'gauge',
      labelNames: ['state'],
      read: () => STATES.map((state) => ({ labels: { state }, value: this.backlog[state] })),
    },
    {
      name: 'openccc_outbox_attempts_total',
      help: 'Delivery attempts this process settled, by outcome (delivered, retried, dead).',
      type: 'counter',
      labelNames: ['outcome'],
      read: () => [...this.outcomes].map(([outcome, value]) => ({ labels: { outcome }, value })),
    },
  ];

  /** A fresh count of the backlog. */
  counted(counts: Record<OutboxState, number>): void {
    this.backlog = { ...counts };
  }

  /** The dispatcher settled an attempt. */
  settled(outcome: DeliveryOutcome): void {
    const label = OUTCOME_LABEL[outcome.kind];
    this.outcomes.set(label, (this.outcomes.get(label) ?? 0) + 1);
  }
}
