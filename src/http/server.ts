import Fastify, { type FastifyError, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from '../util/logger.ts';
import { HTTP_BODY_BYTES } from '../limits.ts';

/**
 * A route module: a Fastify plugin registered on the process's HTTP server. Each concern
 * (health, metrics, the partner check page, the support console) is its own plugin, so
 * modules never share routing code; build one with a factory that takes what it needs.
 */
export type HttpPlugin = FastifyPluginAsync;

export interface HttpServerOptions {
  host: string;
  /**
   * The port to listen on. `0` asks the OS for a free port (tests read it back from `url`);
   * "HTTP_PORT=0 turns the endpoint off" is decided by the caller (src/service.ts), which then
   * does not call startHttpServer at all.
   */
  port: number;
  logger: Logger;
  plugins: HttpPlugin[];
}

export interface RunningHttpServer {
  app: FastifyInstance;
  /** Base URL with the port actually bound, e.g. `http://127.0.0.1:8080`. */
  url: string;
  close(): Promise<void>;
}

/**
 * The one HTTP server of an `intake run` / `poller` / `worker` process. Fastify's own
 * (pino) logger stays off: requests are logged through ours at debug level, errors with
 * their code at warn/error, so every line on stderr has one format.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const log = options.logger.child({ component: 'http' });
  const app = Fastify({
    logger: false,
    // Probes and scrapers must not hold a shutdown open.
    forceCloseConnections: true,
    bodyLimit: HTTP_BODY_BYTES,
    requestTimeout: 30_000,
  });

  app.addHook('onResponse', async (request, reply) => {
    log.debug('http request', {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    const code = err.code ?? 'EHTTP';
    if (status >= 500) {
      log.error('http handler failed', { method: request.method, url: request.url, code, err });
    } else {
      log.debug('http request refused', { method: request.method, url: request.url, status, code, err });
    }
    // Never echo internals of a server-side failure to the client.
    void reply.status(status).send({ error: status >= 500 ? 'internal error' : err.message, code });
  });

  for (const plugin of options.plugins) await app.register(plugin);

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  log.info('http server listening', { url });

  let closed: Promise<void> | null = null;
  return {
    app,
    url,
    close() {
      closed ??= app.close().then(() => log.debug('http server closed'));
      return closed;
    },
  };
}
