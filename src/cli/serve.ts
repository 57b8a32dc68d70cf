import type { AppConfig } from '../config/env.ts';
import { startService, type ServiceParts } from '../service.ts';
import { createLogger } from '../util/logger.ts';

/** How long ending the threads and connections may take once the drain deadline has passed. */
const ABORT_WAIT_MS = 500;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** Runs until SIGTERM/SIGINT, then drains in-flight work within SHUTDOWN_TIMEOUT_SECONDS. */
export async function serve(config: AppConfig, parts: ServiceParts): Promise<number> {
  const logger = createLogger(config.logLevel);
  const service = await startService(config, parts, logger);
  return await new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info('shutting down', { signal });
      const force = setTimeout(() => {
        // Jobs still running are returned to the queue by BullMQ's stalled-job check and redone safely.
        logger.warn('shutdown timed out; exiting with work left to the next start');
        // Threads, connections and a Redis client retrying a server that is gone would hold the
        // process past the deadline (and the CLI's 2 s exit grace): cut them off, then exit now.
        void Promise.race([service.abort(), sleep(ABORT_WAIT_MS)]).then(() => {
          resolve(1);
          process.exit(1);
        });
      }, config.shutdownTimeoutMs);
      force.unref();
      service.stop().then(
        () => {
          clearTimeout(force);
          resolve(0);
        },
        (err) => {
          logger.error('error during shutdown', { err });
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}
