import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one server instance (its own registry, so tests can run several). */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'action' | 'code'>;
  readonly latency: Histogram<'action'>;

  constructor(activeCalls: () => number) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'openccc_api_requests_total',
      help: 'API requests answered, by action and result code (Success or the error code).',
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
    // Read at scrape time, so it costs nothing on the request path.
    new Gauge({
      name: 'openccc_active_calls',
      help: 'Calls in flight in this process.',
      registers,
      collect() {
        this.set(activeCalls());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'openccc_' });
  }
}
