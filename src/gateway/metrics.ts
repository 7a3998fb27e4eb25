import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricFamily, MetricsSource } from '../app/observability/metrics-source.ts';

/**
 * Prometheus metrics of one server instance: its own registry (never prom-client's global one),
 * so two servers in one process do not collide. The API's own figures are counted here on the
 * request path; the app's (AppContext.metrics) are read from their sources at scrape time.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'action' | 'code'>;
  readonly latency: Histogram<'action'>;

  constructor(sources: readonly MetricsSource[]) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'openccc_api_requests_total',
      help: 'API requests answered, by action and result code ("ok" or the TCCC error code).',
      labelNames: ['action', 'code'],
      registers,
    });
    this.latency = new Histogram({
      name: 'openccc_api_request_duration_seconds',
      help: 'Time from request received to answer ready, by action.',
      labelNames: ['action'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    for (const source of sources) for (const family of source.families) register(family, this.registry);
    collectDefaultMetrics({ register: this.registry, prefix: 'openccc_' });
  }
}

/** One app figure as a prom-client metric whose collect() copies the source's values in. */
function register(family: MetricFamily, registry: Registry): void {
  const labelNames = [...family.labelNames];
  const common = { name: family.name, help: family.help, labelNames, registers: [registry] };
  if (family.type === 'gauge') {
    new Gauge({
      ...common,
      collect() {
        this.reset();
        for (const s of family.read()) this.set(s.labels ?? {}, s.value);
      },
    });
    return;
  }
  // prom-client counters cannot be set; the source's running total is copied in after a reset.
  new Counter({
    ...common,
    collect() {
      this.reset();
      for (const s of family.read()) this.inc(s.labels ?? {}, s.value);
    },
  });
}
