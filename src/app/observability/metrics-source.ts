/**
 * The app's metrics in plain numbers, read at scrape time: the gateway turns each family into a
 * Prometheus metric. This is the extension point for figures the app keeps (live sessions,
 * ended calls, the carrier's counters; later the outbox's backlog and delivery outcomes): add a
 * source to AppContext.metrics, add its names to docs/metrics.md, and nothing else changes.
 */
export interface MetricSample {
  /** Label values by label name; every name of the family's `labelNames`. */
  labels?: Readonly<Record<string, string>>;
  value: number;
}

export interface MetricFamily {
  /** Full Prometheus name, `openccc_` prefixed; counters end in `_total`. */
  name: string;
  help: string;
  /** counter: only grows over the process's life; gauge: a level now. */
  type: 'counter' | 'gauge';
  labelNames: readonly string[];
  /** The current value of every series; cheap and synchronous (called on each scrape). */
  read(): readonly MetricSample[];
}

export interface MetricsSource {
  readonly families: readonly MetricFamily[];
}
