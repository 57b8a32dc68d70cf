import type { HttpPlugin } from './server.ts';
import type { IntakeMetrics } from '../ops/metrics.ts';

/** `GET /metrics`: this process's counters, histograms and queue depths in Prometheus text format. */
export function metricsPlugin(metrics: IntakeMetrics): HttpPlugin {
  return async (app) => {
    app.get('/metrics', async (_request, reply) => {
      const body = await metrics.text();
      void reply.header('content-type', metrics.contentType).header('cache-control', 'no-store');
      return body;
    });
  };
}
