import { parentPort, workerData } from 'node:worker_threads';
import { Redis } from 'ioredis';
import type { SmtpConfig } from '../src/config/env.ts';
import { createMailer } from '../src/smtp/mailer.ts';
import { directSender, type SenderAnswer, type SenderRequest } from '../src/smtp/reply-sender.ts';
import { errorToPlain } from '../src/util/errors.ts';

/**
 * The sender thread (src/smtp/reply-sender.ts, startSenderThread): sends the replies the main
 * thread's outbound worker hands it and writes each one's "sent" record right before its final
 * ".". Nothing else runs here, and it loads only ioredis and nodemailer's SMTP client.
 */
const { smtp, redisUrl } = workerData as { smtp: SmtpConfig; redisUrl: string };
// The options of createRedis (src/queue/queues.ts), whose module would bring BullMQ into this thread.
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 20, enableReadyCheck: true, retryStrategy: (times) => Math.min(200 * times, 5_000) });
const sender = directSender(createMailer(smtp), redis);
const answer = (a: SenderAnswer) => parentPort!.postMessage(a);

parentPort!.on('message', async (req: SenderRequest) => {
  try {
    if (req.op === 'send') {
      const raw = Buffer.from(req.raw.buffer, req.raw.byteOffset, req.raw.byteLength);
      answer({ id: req.id, ok: true, value: await sender.send(req.envelope, raw, req.commit) });
    } else if (req.op === 'verify') {
      await sender.verify();
      answer({ id: req.id, ok: true });
    } else {
      await sender.close();
      await redis.quit().catch(() => undefined);
      answer({ id: req.id, ok: true });
    }
  } catch (err) {
    answer({ id: req.id, ok: false, error: errorToPlain(err) });
  }
});
parentPort!.postMessage('ready');
