import type { Redis } from 'ioredis';

/**
 * Lua scripts: every write that belongs together happens in one of them, so a crash
 * never leaves an index pointing at a ticket that was not written (or the reverse).
 * Keys are all under one hash tag; the per-ticket and index keys are built from the
 * root passed in ARGV, as BullMQ's scripts do, because their names depend on the
 * number the script allocates.
 */

// KEYS: seq, all. ARGV: root, payload JSON.
// payload: { inKey, mode: 'new'|'update', number (0 = allocate), expectRev, doc, seen[] (suffixes),
//            zsets[] (suffixes), score, images[][] (suffix, hash), ttlMs, trimBelow }
// Returns { status, number } with status ok | duplicate | conflict | taken.
// Every key written gets the retention again, and every index drops entries older than it:
// the store holds what the last `ttlMs` touched, never more.
const INGEST = `
local root = ARGV[1]
local p = cjson.decode(ARGV[2])
local ttl = tonumber(p.ttlMs)
local inKey = root .. p.inKey
local existing = redis.call('GET', inKey)
if existing then return {'duplicate', existing} end
local n
if p.mode == 'update' then
  n = tonumber(p.number)
  local rev = redis.call('HGET', root .. 'n:' .. n, 'rev')
  if (tonumber(rev) or -1) ~= tonumber(p.expectRev) then return {'conflict', tostring(n)} end
elseif tonumber(p.number) > 0 then
  n = tonumber(p.number)
  if redis.call('EXISTS', root .. 'n:' .. n) == 1 then return {'taken', tostring(n)} end
  if n > (tonumber(redis.call('GET', KEYS[1])) or 0) then redis.call('SET', KEYS[1], n) end
else
  n = redis.call('INCR', KEYS[1])
  while redis.call('EXISTS', root .. 'n:' .. n) == 1 do n = redis.call('INCR', KEYS[1]) end
end
local tkey = root .. 'n:' .. n
redis.call('HSET', tkey, 'doc', p.doc)
redis.call('HINCRBY', tkey, 'rev', 1)
redis.call('PEXPIRE', tkey, ttl)
redis.call('ZADD', KEYS[2], p.score, n)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. p.trimBelow)
redis.call('SET', inKey, n, 'PX', ttl)
for _, s in ipairs(p.seen) do
  redis.call('SADD', root .. s, n)
  redis.call('PEXPIRE', root .. s, ttl)
end
for _, z in ipairs(p.zsets) do
  redis.call('ZADD', root .. z, p.score, n)
  redis.call('ZREMRANGEBYSCORE', root .. z, '-inf', '(' .. p.trimBelow)
  redis.call('PEXPIRE', root .. z, ttl)
end
for _, img in ipairs(p.images) do
  redis.call('SADD', root .. img[1], img[2])
  redis.call('PEXPIRE', root .. img[1], ttl)
end
return {'ok', tostring(n)}
`;

// KEYS: the ticket. ARGV: root, number, expectRev, doc, seen suffix ('' for none), ttlMs. Returns ok | conflict | missing.
const UPDATE = `
local tkey = KEYS[1]
local rev = redis.call('HGET', tkey, 'rev')
if not rev then return 'missing' end
if rev ~= ARGV[3] then return 'conflict' end
redis.call('HSET', tkey, 'doc', ARGV[4])
redis.call('HINCRBY', tkey, 'rev', 1)
redis.call('PEXPIRE', tkey, tonumber(ARGV[6]))
if ARGV[5] ~= '' then
  redis.call('SADD', ARGV[1] .. ARGV[5], ARGV[2])
  redis.call('PEXPIRE', ARGV[1] .. ARGV[5], tonumber(ARGV[6]))
end
return 'ok'
`;

// KEYS: seq. ARGV: floor. Never lowers the counter, so numbers are never reused.
const RAISE_SEQ = `
local cur = tonumber(redis.call('GET', KEYS[1])) or 0
local floor = tonumber(ARGV[1])
if floor > cur then redis.call('SET', KEYS[1], floor) return floor end
return cur
`;

export interface TicketScripts {
  intakeTicketIngest(seq: string, all: string, root: string, payload: string): Promise<[string, string]>;
  intakeTicketUpdate(ticketKey: string, root: string, number: string, expectRev: string, doc: string, seenSuffix: string, ttlMs: string): Promise<string>;
  intakeTicketRaiseSeq(seq: string, floor: string): Promise<number>;
}

/** Registers the scripts once per connection (EVALSHA with a transparent EVAL fallback). */
export function withTicketScripts(redis: Redis): Redis & TicketScripts {
  const r = redis as Redis & Partial<TicketScripts>;
  if (typeof r.intakeTicketIngest !== 'function') {
    redis.defineCommand('intakeTicketIngest', { numberOfKeys: 2, lua: INGEST });
    redis.defineCommand('intakeTicketUpdate', { numberOfKeys: 1, lua: UPDATE });
    redis.defineCommand('intakeTicketRaiseSeq', { numberOfKeys: 1, lua: RAISE_SEQ });
  }
  return r as Redis & TicketScripts;
}
