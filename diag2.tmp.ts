import { hostileMails } from './test/support/hostile-mail.ts';
import { AnalysisPool } from './src/pipeline/analysis-pool.ts';
const pool = new AnalysisPool({ timeoutMs: 4000, threads: 2, heapMb: 512, rulesDir: 'config' });
await pool.ready();
const t0 = performance.now();
await Promise.all(hostileMails().map(async (h) => {
  const t = performance.now();
  try {
    const mail = await pool.parse(h.raw);
    const tp = performance.now() - t;
    await pool.analyse(mail, []);
    console.log(h.name.padEnd(40), 'ok parse', tp | 0, 'total', (performance.now() - t) | 0);
  } catch (e) { console.log(h.name.padEnd(40), 'ERR', (e as Error).message, (performance.now() - t) | 0); }
}));
console.log('all', (performance.now() - t0) | 0);
await pool.close();
