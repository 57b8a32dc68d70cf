import type { HttpPlugin } from './server.ts';
import type { Readiness } from '../ops/readiness.ts';

/**
 * `GET /healthz`: 200 while the process runs and its event loop answers (liveness).
 * `GET /readyz`: 200 when every dependency this process uses answers, else 503 with a JSON
 * body naming each failing dependency and why (readiness).
 */
export function healthPlugin(readiness: Readiness, info: () => Record<string, unknown> = () => ({})): HttpPlugin {
  return async (app) => {
    app.get('/healthz', async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
    });

    app.get('/readyz', async (_request, reply) => {
      const report = await readiness.evaluate();
      void reply.header('cache-control', 'no-store').status(report.ready ? 200 : 503);
      return { status: report.ready ? 'ready' : 'not_ready', failing: report.failing, dependencies: report.dependencies, ...info() };
    });
  };
}
