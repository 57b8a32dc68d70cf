import net from 'node:net';
import type { TestProject } from 'vitest/node';
import { startRedis } from '../support/redis-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Redis the pipeline tier's files share (each under a key prefix of its own). */
    pipelineRedisUrl: string;
  }
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1_000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * globalSetup of the pipeline project: the machine's Redis (PIPELINE_REDIS_URL, else
 * 127.0.0.1:6379) when one answers, else one private redis-server for the whole tier, so a
 * fresh machine with only the packages the README lists runs it too.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const wanted = process.env.PIPELINE_REDIS_URL;
  if (wanted || (await reachable(DEFAULT_URL))) {
    project.provide('pipelineRedisUrl', wanted ?? DEFAULT_URL);
    return;
  }
  const redis = await startRedis();
  project.provide('pipelineRedisUrl', redis.url);
  return () => redis.destroy();
}
