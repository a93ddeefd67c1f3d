/**
 * Lua scripts of a campaign's bookkeeping. Every key of one campaign carries the hash tag
 * `{cmp:ID}`, so each script runs on one Redis Cluster slot. Times come from Redis' own clock
 * (TIME), the one clock every worker shares.
 *
 * Under `PREFIX cmp:{cmp:ID}:`
 *   meta    HASH  template, data, page, rate, state, planned, cursor, seq, createdAt, finishedAt,
 *                 holdUntil, pushbacks; pageSeq, pageNext, pageLast, pageUsers: the page staged
 *   users   HASH  openid → 'p' (planned) | 'd' delivered | 's' skipped | 'f' failed: the journal;
 *                 its length is the campaign's total
 *   counts  HASH  delivered, skipped, failed, inDoubt, 'e:' .. error → n
 *   list    LIST  an explicit audience, read by the planner
 *   tat     STRING  the rate limiter's theoretical arrival time (GCRA), epoch ms
 */

// Keys stay a week once the campaign is over, so its status can still be read.
const KEEP_MS = 7 * 24 * 3600_000;

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// Values of many fields of a hash, and many fields set, in calls of at most 1000 fields (Lua's
// unpack has a bound): one call per thousand users instead of one each.
const MANY = `
local function hmget_many(key, fields, from, to, step)
  local values = {}
  local chunk = {}
  for i = from, to, step do
    chunk[#chunk + 1] = fields[i]
    if #chunk == 1000 or i + step > to then
      local got = redis.call('HMGET', key, unpack(chunk))
      for j = 1, #got do values[#values + 1] = got[j] end
      chunk = {}
    end
  end
  return values
end
local function hset_many(key, pairs_)
  for i = 1, #pairs_, 2000 do
    redis.call('HSET', key, unpack(pairs_, i, math.min(i + 1999, #pairs_)))
  end
end
`;

// Marks the campaign done once it is planned and every user has an outcome (locals: meta, users,
// counts, now; needs KEYS[4..] = list, tat for the expiry).
const FINISH = `
local function finish_if_complete(meta, users, counts, now, others)
  local state = redis.call('HGET', meta, 'state')
  if state == 'done' or state == 'cancelled' then return end
  if redis.call('HGET', meta, 'planned') ~= '1' then return end
  local c = redis.call('HMGET', counts, 'delivered', 'skipped', 'failed')
  local processed = tonumber(c[1] or '0') + tonumber(c[2] or '0') + tonumber(c[3] or '0')
  if processed < redis.call('HLEN', users) then return end
  redis.call('HSET', meta, 'state', 'done', 'finishedAt', now)
  redis.call('HDEL', meta, 'holdUntil')
  for _, key in ipairs({meta, users, counts, unpack(others)}) do
    redis.call('PEXPIRE', key, ${KEEP_MS})
  end
end
`;

/**
 * KEYS: meta, users, counts, list, tat. ARGV: seq, next cursor, last (0|1), openids… →
 *   {'stale'}                               another planner moved past seq: read meta again
 *   {'staged', next, last, openids (tab-joined)}   the page of seq, as first staged
 * Stages the planner's page `seq` and enters its users in the journal. A page is staged once:
 * a planner that died and runs again (or a second one beside it) gets the page as first read,
 * although the audience index has changed since (takes prune it), so the batch job of `seq` and
 * the journal always hold the same users.
 */
export const PLAN_PAGE_SCRIPT = `${MANY}
local meta, users, seq = KEYS[1], KEYS[2], ARGV[1]
if redis.call('HGET', meta, 'seq') ~= seq then return {'stale'} end
local staged = redis.call('HMGET', meta, 'pageSeq', 'pageNext', 'pageLast', 'pageUsers')
if staged[1] == seq then return {'staged', staged[2], staged[3], staged[4]} end
local page = {}
local new = {}
if #ARGV >= 4 then
  local known = hmget_many(users, ARGV, 4, #ARGV, 1)
  local seen = {}
  for i = 4, #ARGV do
    local openid = ARGV[i]
    if not known[i - 3] and not seen[openid] then
      seen[openid] = true
      new[#new + 1] = openid
      new[#new + 1] = 'p'
    end
    page[#page + 1] = openid
  end
  hset_many(users, new)
end
local joined = table.concat(page, '\t')
redis.call('HSET', meta, 'pageSeq', seq, 'pageNext', ARGV[2], 'pageLast', ARGV[3], 'pageUsers', joined)
return {'staged', ARGV[2], ARGV[3], joined}
`;

/**
 * KEYS: meta, users, counts, list, tat. ARGV: seq, next cursor, next seq, planned (0|1) → 1 moved
 * | 0 another planner moved first. Moves the planner's cursor past page `seq` once its job is
 * queued; the last page may finish the campaign.
 */
export const PLAN_ADVANCE_SCRIPT = `${NOW}${FINISH}
if redis.call('HGET', KEYS[1], 'seq') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'cursor', ARGV[2], 'seq', ARGV[3])
redis.call('HDEL', KEYS[1], 'pageSeq', 'pageNext', 'pageLast', 'pageUsers')
if ARGV[4] == '1' then
  redis.call('HSET', KEYS[1], 'planned', '1')
  finish_if_complete(KEYS[1], KEYS[2], KEYS[3], now, {KEYS[4], KEYS[5]})
end
return 1
`;

/**
 * KEYS: meta, users, counts, list, tat. ARGV: openid, intervalMs (0: no rate), maxAheadMs →
 *   {'done'}            the user has an outcome already
 *   {'cancelled'}
 *   {'hold', ms}        the campaign is parked or backing off for ms more
 *   {'wait', ms}        the rate is booked further ahead than maxAheadMs: ask again in ms
 *   {'go', ms}          a send slot is booked ms from now
 * Reopens a parked campaign whose hold has passed.
 */
export const GATE_SCRIPT = `${NOW}
local meta = KEYS[1]
local outcome = redis.call('HGET', KEYS[2], ARGV[1])
if outcome and outcome ~= 'p' then return {'done'} end
local state = redis.call('HGET', meta, 'state')
if state == 'cancelled' or state == 'done' or not state then return {'cancelled'} end
local hold = tonumber(redis.call('HGET', meta, 'holdUntil') or '0')
if hold > now then return {'hold', tostring(hold - now)} end
if state == 'parked' then redis.call('HSET', meta, 'state', 'running') end
local interval, ahead = tonumber(ARGV[2]), tonumber(ARGV[3])
if interval <= 0 then return {'go', '0'} end
local tat = tonumber(redis.call('GET', KEYS[5]) or '0')
if tat < now then tat = now end
local wait = tat - now
if wait > ahead then return {'wait', tostring(wait - ahead)} end
redis.call('SET', KEYS[5], tostring(tat + interval), 'PX', math.ceil(wait + interval) + 60000)
return {'go', tostring(wait)}
`;

/**
 * KEYS: meta, users, counts, list, tat. ARGV: pairs — openid, outcome: 'd' | 's' | 'f', then ':'
 * and the error key, or '!' (in doubt) and the error key if any → how many were recorded (a user
 * with an outcome already is left as it is). The journal entries and the counters move together,
 * so a job retried after a crash never counts a user twice.
 */
export const RECORD_SCRIPT = `${NOW}${MANY}${FINISH}
local meta, users, counts = KEYS[1], KEYS[2], KEYS[3]
local names = {d = 'delivered', s = 'skipped', f = 'failed'}
local added = {}
local outcomes = {}
local recorded = 0
local previous = hmget_many(users, ARGV, 1, #ARGV, 2)
local seen = {}
for i = 1, #ARGV, 2 do
  local openid, code = ARGV[i], ARGV[i + 1]
  local before = previous[(i + 1) / 2]
  if (not before or before == 'p') and not seen[openid] then
    seen[openid] = true
    local outcome = code
    if #code > 1 then
      outcome = string.sub(code, 1, 1)
      if string.sub(code, 2, 2) == '!' then added.inDoubt = (added.inDoubt or 0) + 1 end
      if #code > 2 then
        local name = 'e:' .. string.sub(code, 3)
        added[name] = (added[name] or 0) + 1
      end
    end
    outcomes[#outcomes + 1] = openid
    outcomes[#outcomes + 1] = outcome
    local name = names[outcome]
    added[name] = (added[name] or 0) + 1
    recorded = recorded + 1
  end
end
hset_many(users, outcomes)
for name, n in pairs(added) do redis.call('HINCRBY', counts, name, n) end
if added.delivered then redis.call('HDEL', meta, 'pushbacks') end
finish_if_complete(meta, users, counts, now, {KEYS[4], KEYS[5]})
return recorded
`;

/**
 * KEYS: meta. ARGV: kind ('pushback' | 'park'), park until (epoch ms, for 'park'), base ms, max ms
 * → the hold's end (epoch ms). WeChat pushed back (-1, 45011): every worker holds off for an
 * exponentially growing while; or the daily quota is spent (45009): parked until it resets.
 */
export const HOLD_SCRIPT = `${NOW}
local meta = KEYS[1]
local state = redis.call('HGET', meta, 'state')
if state ~= 'running' and state ~= 'parked' then return 0 end
local hold = tonumber(redis.call('HGET', meta, 'holdUntil') or '0')
local till
if ARGV[1] == 'park' then
  till = tonumber(ARGV[2])
  redis.call('HSET', meta, 'state', 'parked')
else
  if hold > now then return hold end
  local n = redis.call('HINCRBY', meta, 'pushbacks', 1)
  till = now + math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ math.min(n - 1, 16))
end
if till > hold then redis.call('HSET', meta, 'holdUntil', till) else till = hold end
return till
`;

/** KEYS: meta, users, counts, list, tat → 1 cancelled | 0 over already. */
export const CANCEL_SCRIPT = `${NOW}
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'running' and state ~= 'parked' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'cancelled', 'finishedAt', now)
for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ${KEEP_MS}) end
return 1
`;

/** KEYS: meta → 1 resumed | 0 not parked. Ends a park or backoff now (the quota was raised). */
export const RESUME_SCRIPT = `
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'parked' and state ~= 'running' then return 0 end
redis.call('HDEL', KEYS[1], 'holdUntil', 'pushbacks')
redis.call('HSET', KEYS[1], 'state', 'running')
return 1
`;
