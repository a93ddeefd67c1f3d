import { CREDIT_TTL_MS, FORM_ID_QUOTA, PREPAY_ID_QUOTA } from '@wxtpl/shared-types';

/**
 * Lua scripts of the Redis credit store. Every script touches the keys of ONE owner only, all
 * sharing the hash tag `{len:appId:openid}` (the appId's length makes the tag unambiguous however
 * the appId and openid use `:`), so each runs on one Redis Cluster slot. Keys are passed in KEYS;
 * the per-app indexes live in other slots and are written by separate commands, never inside a
 * script.
 *
 * Per owner, under `PREFIX c:{len:appId:openid}:`
 *   live       ZSET  id → expiresAt      formIds / prepay_ids with uses left; a one-use formId
 *                                        is scored half a millisecond early (see ONE_USE_MARK)
 *   uses       HASH  id → uses left      prepay_ids (and any credit of more than one use) only,
 *                                        while live: a live id without an entry has one use left
 *                                        and is a formId, so a take of a formId neither reads nor
 *                                        writes this hash, nor `meta`. Data written before this
 *                                        layout has an entry for every live id, formIds included
 *                                        (`1`): it is read the same way (source from `meta`).
 *                                        Processes of the earlier layout running beside these (a
 *                                        rolling deploy) take and give back such formIds correctly
 *                                        (HINCRBY of a missing entry reads as spent) but count
 *                                        them as none left (`available`) until they are updated.
 *   meta       HASH  id → 'form' | 'prepay' | 'report' | 'dead'   remembered ids (duplicate
 *                                        detection); a take reads it only for ids with a `uses` entry
 *   seen       ZSET  id → forgetAt       the same ids, scored for forgetting; capped per user
 *   sent       ZSET  takeId → taken at   takes counted by the send limit
 *   takes      HASH  takeId → record     the latest takes (idempotent takes and give-backs), pruned
 *                                        to the last hour once more than 257 are held, by the
 *                                        writes that add credits (see PRUNE_TAKES); the record
 *                                        is `state\tsource\tid\texpiresAt\tusesLeft\ttakenAt`, state
 *                                        `taken` | `restored` | `dropped`
 *   tpl        HASH  templateId → 1      subscribe templates the user holds acceptances of
 *   lt         HASH  templateId → at     long-term acceptances
 *   subs:T     ZSET  acceptanceId → expiresAt (+inf: never)   one-time acceptances of template T
 *   rep:T      ZSET  'client:ID' | 'push:ID' → at             reports waiting for their pair (7 days)
 *   revoked    HASH  templateId → revoked at                  refuses give-backs of older takes
 *
 * A take pops the credit expiring first (ZPOPMIN) instead of reading it and removing it; a
 * prepay_id with uses left goes back in with its score. Numbers the hot paths pass to Redis or
 * return travel as the strings they arrived as: Redis 7.0 turns each Lua number into a string
 * with snprintf, as costly as a whole command.
 *
 * Every removal of expired members is done in steps of at most STEP members, so no script call
 * ever runs long however much expired at once.
 */

const STEP = 500;
/**
 * A one-use formId is scored in `live` half a millisecond before its expiry (`expiresAt - 0.5`,
 * written `…9.5`): such a formId has no `uses` entry, and its take knows that from the score
 * ZPOPMIN returns instead of asking `uses` (one call fewer on every formId's take). A whole score
 * (a prepay_id, a formId stored by an earlier version) has its uses looked up. For whole
 * millisecond clocks `score <= now` still says exactly `expiresAt <= now`; readers of a score
 * round it up (`scoreOf`). Processes of earlier versions take such a formId correctly (no `uses`
 * entry: one use) and see its expiry half a millisecond early.
 */
const ONE_USE_MARK = 46; // '.', second to last in a one-use score
/** Take records kept per user once the hour-old ones are gone (see PRUNE_TAKES). */
const TAKES_KEPT = 128;

// Functions of the scripts off a notify's hot path (a take inlines what it needs).
const HELPERS = `
local STEP = ${STEP}
local function remove_all(zkey, hkey, ids)
  for i = 1, #ids, 500 do
    local slice = {}
    for j = i, math.min(i + 499, #ids) do slice[#slice + 1] = ids[j] end
    redis.call('ZREM', zkey, unpack(slice))
    if hkey then redis.call('HDEL', hkey, unpack(slice)) end
  end
  return #ids
end
local function drop_expired(zkey, hkey, now)
  return remove_all(zkey, hkey, redis.call('ZRANGEBYSCORE', zkey, '-inf', now, 'LIMIT', 0, STEP))
end
local function split(text)
  local out = {}
  for part in string.gmatch(text, '[^\\t]+') do out[#out + 1] = part end
  return out
end
-- Keys live as long as the latest-remembered id, plus an hour: users nobody purges disappear.
-- Relative TTLs, so an app clock offset from Redis' does no harm.
local function refresh_ttl(now, seen, keys)
  local last = redis.call('ZRANGE', seen, -1, -1, 'WITHSCORES')
  if last[2] then
    local ttl = math.floor(tonumber(last[2]) - now) + 3600000
    if ttl > 0 then
      for _, key in ipairs(keys) do redis.call('PEXPIRE', key, ttl) end
    end
  end
end
`;

// A take's record: state, source, credit id, expiresAt, uses left after the take, taken at —
// tab-separated (ids hold no control characters), and every field a string the script already
// holds (Redis 7.0 formats each Lua number it turns into a string with snprintf: thousands of
// instructions). A recorded take is replayed with its state, except one given back: that id takes
// afresh (a caller retrying under one id after a refusal).
//
// A take answers one string, not an array (one bulk reply to write and to parse): the record
// itself for a fresh take (a subscribe take that spent the user's last acceptance of its template
// adds a field, '1'); 'replay\t' and the record for a recorded take; 'none'; or
// 'limited\t' and when the oldest counted send leaves the window.
//
// Without a send limit (the usual case) a take does not look for its id's record first: it takes,
// then writes its record with HSETNX, and only when the id holds one already (a command resent
// after a lost reply, a caller's idempotency key) does it read that record and undo its own spend
// inside the same script — one call fewer on every fresh take. With a send limit it looks first
// (REPLAY), so that a replay is never refused or counted by the limit.
const REPLAY = `
local record = redis.call('HGET', KEYS[TAKES], ARGV[2])
if record and string.sub(record, 1, 9) ~= 'restored\\t' then return 'replay\\t' .. record end
`;

// A take that found no credit replays its id's record if it holds one.
const REPLAY_OR_NONE = `${REPLAY}return 'none'
`;

// A take's send limit: max 0 (none, the usual case) is known without converting a number.
const LIMIT_ARGS = `
local max = ARGV[3] ~= '0' and tonumber(ARGV[3]) or 0
local window = max > 0 and tonumber(ARGV[4]) or 0
`;

// The send limit inside a take (locals sent, now, max, window): refuse when the window is full…
const SEND_LIMIT_CHECK = `
if max > 0 then
  redis.call('ZREMRANGEBYSCORE', sent, '-inf', now - window)
  if redis.call('ZCARD', sent) >= max then
    local oldest = redis.call('ZRANGE', sent, 0, 0, 'WITHSCORES')
    return 'limited\\t' .. tostring(tonumber(oldest[2]) + window)
  end
end
`;

// …and count the take (its id, so that a give-back uncounts it).
const SEND_LIMIT_COUNT = `
if max > 0 then
  redis.call('ZADD', sent, ARGV[1], ARGV[2])
  redis.call('PEXPIRE', sent, window + 3600000)
end
`;

// Records a fresh take (the local `record`) unless its id holds a record already: then `undo`
// puts back what this take spent and the earlier take is replayed — unless it was given back (that
// id takes afresh: its record is overwritten). The takes hash is pruned off this path (see
// PRUNE_TAKES).
const recordTake = (undo: string): string => `
if redis.call('HSETNX', KEYS[TAKES], ARGV[2], record) == 0 then
  local earlier = redis.call('HGET', KEYS[TAKES], ARGV[2])
  if string.sub(earlier, 1, 9) ~= 'restored\\t' then
${undo}
    return 'replay\\t' .. earlier
  end
  redis.call('HSET', KEYS[TAKES], ARGV[2], record)
end
`;

// Past ${TAKES_KEPT * 2 + 1} records, drops those over an hour old, then the oldest down to
// ${TAKES_KEPT} (`keep`'s record stays). Not on a take's path: every take of a formId, a prepay_id's
// use or a one-time acceptance spends what an insert, an accept or a give-back put there, and each
// of those prunes, so the hash never holds more than ${TAKES_KEPT * 2 + 1} records plus what the
// user's credits allow (maxCreditsPerUser × 3 uses + maxTemplatesPerUser ×
// maxAcceptancesPerTemplate). A long-term acceptance is not spent: its take prunes.
const PRUNE_TAKES = `
local function prune_takes(takes, now, keep)
  if redis.call('HLEN', takes) <= ${TAKES_KEPT * 2 + 1} then return end
  local all = redis.call('HGETALL', takes)
  local kept = {}
  for i = 1, #all, 2 do
    if all[i] ~= keep then
      local at = tonumber(string.match(all[i + 1], '([^\\t]+)$'))
      if at < now - 3600000 then redis.call('HDEL', takes, all[i])
      else kept[#kept + 1] = {all[i], at} end
    end
  end
  if #kept > ${TAKES_KEPT} then
    table.sort(kept, function(a, b) return a[2] < b[2] end)
    for i = 1, #kept - ${TAKES_KEPT} do redis.call('HDEL', takes, kept[i][1]) end
  end
end
`;

/**
 * KEYS: live, uses, meta, seen, takes. ARGV: now, maxCredits, maxRemembered, count, then
 * (id, source, expiresAt, quota) × count → {added, duplicates, evicted}.
 */
export const INSERT_SCRIPT = `${HELPERS}${PRUNE_TAKES}
local live, uses, meta, seen = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, cap, remember, n = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
drop_expired(live, uses, now)
drop_expired(seen, meta, now)
local added, duplicates, evicted = {}, {}, {}
for i = 0, n - 1 do
  local base = 5 + i * 4
  local id, source, expires, quota = ARGV[base], ARGV[base + 1], ARGV[base + 2], ARGV[base + 3]
  if redis.call('ZSCORE', seen, id) then
    duplicates[#duplicates + 1] = id
  else
    redis.call('ZADD', seen, expires, id)
    redis.call('HSET', meta, id, source)
    -- One use is the default: only a prepay_id's uses are written down, and a one-use formId's
    -- score says it has none (see ONE_USE_MARK).
    local at = tonumber(expires)
    if source == 'prepay' or quota ~= '1' then
      redis.call('ZADD', live, expires, id)
      redis.call('HSET', uses, id, quota)
    elseif at and at < math.huge then
      redis.call('ZADD', live, string.format('%d.5', math.floor(at) - 1), id)
    else
      redis.call('ZADD', live, expires, id)
      redis.call('HSET', uses, id, 1)
    end
    added[#added + 1] = id
  end
end
local excess = redis.call('ZCARD', live) - cap
if excess > 0 then
  evicted = redis.call('ZRANGE', live, 0, excess - 1)
  remove_all(live, uses, evicted)
  for _, id in ipairs(evicted) do redis.call('HSET', meta, id, 'dead') end
end
-- Forget the remembered ids that expire first, never one still live.
local forget = redis.call('ZCARD', seen) - remember
if forget > 0 then
  local candidates = redis.call('ZRANGE', seen, 0, forget + redis.call('ZCARD', live) - 1)
  local gone = {}
  for _, id in ipairs(candidates) do
    if #gone >= forget then break end
    if not redis.call('ZSCORE', live, id) then gone[#gone + 1] = id end
  end
  remove_all(seen, meta, gone)
end
refresh_ttl(now, seen, {live, uses, meta, seen})
prune_takes(KEYS[5], now, nil)
return {added, duplicates, evicted}
`;

// After a take put a credit back into `live`: popping the user's last credit had deleted the key,
// so the one put back takes the user's TTL again (from `meta`, which holds every live id).
const LIVE_TTL_BACK = `
    if redis.call('PTTL', live) < 0 then
      local ttl = redis.call('PTTL', meta)
      if ttl > 0 then redis.call('PEXPIRE', live, ttl) end
    end`;

/**
 * KEYS: live, uses, meta, sent, takes. ARGV: now, takeId, limitMax (0: none), windowMs → a string
 * (see REPLAY): the take's record `taken\tsource\tid\texpiresAt\tusesLeft\tnow`.
 *
 * The hot path of every template-message notify: no helper functions, as few calls as can be. A
 * one-use formId (its score says so) costs ZPOPMIN live and HSETNX takes. A credit with a whole
 * score — a prepay_id, or a formId stored before the one-use layout — also looks up its `uses`
 * entry; one that has it reads its source from `meta` and goes back into `live` while uses are left.
 */
export const TAKE_SCRIPT = `
local TAKES = 5
local live, uses, meta, sent = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now = tonumber(ARGV[1])
${LIMIT_ARGS}
if max > 0 then
${REPLAY}
end
${SEND_LIMIT_CHECK}
local first = redis.call('ZPOPMIN', live)
local id, expires = first[1], first[2]
if id and tonumber(expires) <= now then
  -- Expired (the take that meets them clears up to ${STEP}): the first unexpired one is taken.
  redis.call('HDEL', uses, id)
  local gone = redis.call('ZRANGEBYSCORE', live, '-inf', now, 'LIMIT', 0, ${STEP})
  if #gone > 0 then
    redis.call('ZREM', live, unpack(gone))
    redis.call('HDEL', uses, unpack(gone))
  end
  first = redis.call('ZRANGEBYSCORE', live, '(' .. ARGV[1], '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  id, expires = first[1], first[2]
  if id then redis.call('ZREM', live, id) end
end
if not id then
${REPLAY_OR_NONE}
end
local source, left, held = 'form', '0', nil
if string.byte(expires, -2) ~= ${ONE_USE_MARK} then held = redis.call('HGET', uses, id) end
if held then
  if redis.call('HGET', meta, id) == 'prepay' then source = 'prepay' end
  local n = tonumber(held) - 1
  if n > 0 then
    left = tostring(n)
    redis.call('HSET', uses, id, left)
    redis.call('ZADD', live, expires, id)
${LIVE_TTL_BACK}
  else
    redis.call('HDEL', uses, id)
  end
end
local record = 'taken\\t' .. source .. '\\t' .. id .. '\\t' .. expires .. '\\t' .. left .. '\\t' .. ARGV[1]
${recordTake(`
    if held then redis.call('HSET', uses, id, held) end
    redis.call('ZADD', live, expires, id)
${LIVE_TTL_BACK}`)}
${SEND_LIMIT_COUNT}
return record
`;

/**
 * KEYS: subs:T, lt, sent, takes, tpl. ARGV: now, takeId, limitMax, windowMs, T → as TAKE_SCRIPT,
 * a fresh take's record followed by `\t1` when it spent the user's last acceptance of T (the
 * audience index may drop the user); a long-term acceptance is taken as
 * `taken\tsubscription\tlongterm:T\tinf\t-1\tnow` and is not spent (so its take prunes the takes
 * hash). One-time acceptance: HEXISTS lt, ZPOPMIN subs, HSETNX takes, EXISTS subs.
 */
export const TAKE_SUBSCRIPTION_SCRIPT = `${PRUNE_TAKES}
local TAKES = 4
local subs, lt, sent, tpl = KEYS[1], KEYS[2], KEYS[3], KEYS[5]
local now, template = tonumber(ARGV[1]), ARGV[5]
${LIMIT_ARGS}
if max > 0 then
${REPLAY}
end
${SEND_LIMIT_CHECK}
local id, expires, left, last = nil, 'inf', '-1', false
if redis.call('HEXISTS', lt, template) == 1 then
  id = 'longterm:' .. template
else
  local first = redis.call('ZPOPMIN', subs)
  id, expires = first[1], first[2]
  if id and tonumber(expires) <= now then
    redis.call('ZREMRANGEBYSCORE', subs, '-inf', now)
    first = redis.call('ZPOPMIN', subs)
    id, expires = first[1], first[2]
  end
  if not id then
    redis.call('HDEL', tpl, template)
${REPLAY_OR_NONE}
  end
  left = '0'
end
local record = 'taken\\tsubscription\\t' .. id .. '\\t' .. expires .. '\\t' .. left .. '\\t' .. ARGV[1]
${recordTake(`
    if left == '0' then redis.call('ZADD', subs, expires == 'inf' and '+inf' or expires, id) end`)}
if left == '0' and redis.call('EXISTS', subs) == 0 then
  redis.call('HDEL', tpl, template)
  last = true
elseif left == '-1' then
  prune_takes(KEYS[TAKES], now, ARGV[2])
end
${SEND_LIMIT_COUNT}
if last then return record .. '\\t1' end
return record
`;

// Marks a take's record settled ('restored' or 'dropped'): the fields of a record still 'taken'
// (a table), or nil when there is none or it was settled already.
const SETTLE = `
local function settle(takes, take_id, state)
  local record = redis.call('HGET', takes, take_id)
  if not record then return nil end
  local r = split(record)
  if r[1] ~= 'taken' then return nil end
  r[1] = state
  redis.call('HSET', takes, take_id, table.concat(r, '\\t'))
  return r
end
`;

/** KEYS: live, uses, meta, seen, sent, takes. ARGV: now, takeId → 1 restored | 0 nothing to restore. */
export const RESTORE_SCRIPT = `${HELPERS}${SETTLE}${PRUNE_TAKES}
local live, uses, meta, seen, sent, takes = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local now = tonumber(ARGV[1])
local r = settle(takes, ARGV[2], 'restored')
if not r then return 0 end
prune_takes(takes, now, nil)
redis.call('ZREM', sent, ARGV[2])
local source, id, expires = r[2], r[3], r[4]
local quota = source == 'prepay' and ${PREPAY_ID_QUOTA} or ${FORM_ID_QUOTA}
if tonumber(expires) <= now then return 0 end
local state = redis.call('HGET', meta, id)
if (not state) or state == 'dead' then return 0 end
if redis.call('ZSCORE', live, id) then
  local n = redis.call('HINCRBY', uses, id, 1)
  if n > quota then redis.call('HSET', uses, id, quota) end
else
  redis.call('ZADD', live, expires, id)
  if source == 'prepay' then redis.call('HSET', uses, id, 1) end
end
refresh_ttl(now, seen, {live, uses, meta, seen})
return 1
`;

/** KEYS: subs:T, tpl, revoked, sent, takes. ARGV: now, takeId, T → 1 | 0. */
export const RESTORE_SUBSCRIPTION_SCRIPT = `${HELPERS}${SETTLE}${PRUNE_TAKES}
local subs, tpl, revoked, sent, takes = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local now, template = tonumber(ARGV[1]), ARGV[3]
local r = settle(takes, ARGV[2], 'restored')
if not r then return 0 end
prune_takes(takes, now, nil)
redis.call('ZREM', sent, ARGV[2])
if r[5] == '-1' then return 1 end
local revoked_at = tonumber(redis.call('HGET', revoked, template) or '-1')
if revoked_at >= tonumber(r[6]) then return 0 end
if r[4] ~= 'inf' and tonumber(r[4]) <= now then return 0 end
redis.call('ZADD', subs, r[4] == 'inf' and '+inf' or r[4], r[3])
redis.call('HSET', tpl, template, 1)
return 1
`;

/** KEYS: live, uses, meta, sent, takes. ARGV: takeId, id → 1 | 0 (settled already). */
export const DISCARD_SCRIPT = `${HELPERS}${SETTLE}
local live, uses, meta, sent, takes = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
if redis.call('HEXISTS', takes, ARGV[1]) == 1 and not settle(takes, ARGV[1], 'dropped') then
  return 0
end
redis.call('ZREM', sent, ARGV[1])
redis.call('ZREM', live, ARGV[2])
redis.call('HDEL', uses, ARGV[2])
if redis.call('HEXISTS', meta, ARGV[2]) == 1 then redis.call('HSET', meta, ARGV[2], 'dead') end
return 1
`;

/**
 * KEYS: subs:T, rep:T, lt, tpl, revoked[, sent, takes]. ARGV: now, T[, takeId] → acceptances
 * removed. WeChat holds no acceptance (43101) or the user turned the template off: every
 * acceptance of T goes, and give-backs of earlier takes are refused.
 */
export const REVOKE_SCRIPT = `${HELPERS}${SETTLE}
local subs, rep, lt, tpl, revoked = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local now, template = tonumber(ARGV[1]), ARGV[2]
if KEYS[7] then
  settle(KEYS[7], ARGV[3], 'dropped')
  redis.call('ZREM', KEYS[6], ARGV[3])
end
local removed = redis.call('ZCARD', subs) + redis.call('HDEL', lt, template)
redis.call('DEL', subs, rep)
redis.call('HDEL', tpl, template)
redis.call('HSET', revoked, template, now)
return removed
`;

/**
 * KEYS: tpl, lt, seen, meta, then (subs:T, rep:T) per report, then takes. ARGV: now, pairWindowMs,
 * maxTemplates, maxPerTemplate, rememberMs, count, then (reportId, T, source, longTerm 0|1, at,
 * expiresAt | 'inf') × count → one of added | paired | duplicate | held | capped per report.
 */
export const ACCEPT_SCRIPT = `${HELPERS}${PRUNE_TAKES}
local tpl, lt, seen, meta = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local max_templates, max_per_template = tonumber(ARGV[3]), tonumber(ARGV[4])
local remember_ms, n = tonumber(ARGV[5]), tonumber(ARGV[6])
drop_expired(seen, meta, now)
local out = {}
for i = 0, n - 1 do
  local base = 7 + i * 6
  local report, template, source = ARGV[base], ARGV[base + 1], ARGV[base + 2]
  local long, at, expires = ARGV[base + 3] == '1', tonumber(ARGV[base + 4]), ARGV[base + 5]
  local subs, rep = KEYS[5 + i * 2], KEYS[6 + i * 2]
  local result
  if redis.call('ZSCORE', seen, report) then
    result = 'duplicate'
  else
    redis.call('ZADD', seen, now + remember_ms, report)
    redis.call('HSET', meta, report, 'report')
    if redis.call('HEXISTS', tpl, template) == 0 and redis.call('HLEN', tpl) >= max_templates then
      result = 'capped'
    elseif long then
      if redis.call('HSETNX', lt, template, at) == 1 then result = 'added' else result = 'held' end
      redis.call('HSET', tpl, template, 1)
    else
      -- A report waits for its pair as long as ids are remembered: a phone may upload days late.
      redis.call('ZREMRANGEBYSCORE', rep, '-inf', now - remember_ms)
      local other = source == 'client' and 'push:' or 'client:'
      local partner = nil
      for _, member in ipairs(redis.call('ZRANGEBYSCORE', rep, at - window, at + window)) do
        if string.sub(member, 1, #other) == other then partner = member break end
      end
      if partner then
        redis.call('ZREM', rep, partner)
        result = 'paired'
      elseif redis.call('ZCARD', subs) >= max_per_template then
        result = 'capped'
      else
        redis.call('ZADD', subs, expires == 'inf' and '+inf' or expires, report)
        redis.call('ZADD', rep, at, source .. ':' .. report)
        local waiting = redis.call('ZCARD', rep) - max_per_template * 2
        if waiting > 0 then redis.call('ZREMRANGEBYRANK', rep, 0, waiting - 1) end
        redis.call('PEXPIRE', rep, remember_ms + 3600000)
        redis.call('HSET', tpl, template, 1)
        result = 'added'
      end
    end
  end
  out[#out + 1] = result
end
refresh_ttl(now, seen, {seen, meta})
prune_takes(KEYS[5 + n * 2], now, nil)
return out
`;

/**
 * KEYS: live, uses, meta, lt, then subs:T per template. ARGV: now, then the templates → flat
 * (id, source, usesLeft, expiresAt, templateId | '') × credits: formIds/prepay_ids expiring first
 * first, then acceptances by template.
 */
export const LIST_SCRIPT = `
local live, uses, meta, lt = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now = tonumber(ARGV[1])
local out = {}
local function push(id, source, left, expires, template)
  out[#out + 1] = id
  out[#out + 1] = source
  out[#out + 1] = left
  out[#out + 1] = expires
  out[#out + 1] = template
end
local credits = redis.call('ZRANGEBYSCORE', live, '(' .. now, '+inf', 'WITHSCORES')
for i = 1, #credits, 2 do
  local id = credits[i]
  local left = tonumber(redis.call('HGET', uses, id) or '1')
  if left > 0 then
    local source = redis.call('HGET', meta, id)
    if source ~= 'prepay' then source = 'form' end
    push(id, source, tostring(left), credits[i + 1], '')
  end
end
for i = 2, #ARGV do
  local template = ARGV[i]
  if redis.call('HEXISTS', lt, template) == 1 then
    push('longterm:' .. template, 'subscription', '-1', 'inf', template)
  end
  local acceptances = redis.call('ZRANGEBYSCORE', KEYS[3 + i], '(' .. now, '+inf', 'WITHSCORES')
  for j = 1, #acceptances, 2 do
    push(acceptances[j], 'subscription', '1', acceptances[j + 1], template)
  end
end
return out
`;

/** KEYS: subs:T, lt. ARGV: now, T → acceptances of T usable now; -1 for long-term. */
export const COUNT_SUBSCRIPTION_SCRIPT = `
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return -1 end
return redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[1], '+inf')
`;

/**
 * KEYS: live, uses, meta, seen, tpl, lt, revoked, takes, then (subs:T, rep:T) per template. ARGV:
 * now, then the templates → {credits removed, anything left (0|1), more to purge (0|1)}.
 */
export const PURGE_SCRIPT = `${HELPERS}
local live, uses, meta, seen, tpl, lt, revoked, takes = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local now = tonumber(ARGV[1])
local removed = drop_expired(live, uses, now)
local more = removed >= STEP
if drop_expired(seen, meta, now) >= STEP then more = true end
for i = 2, #ARGV do
  local template, subs, rep = ARGV[i], KEYS[2 * i + 5], KEYS[2 * i + 6]
  local gone = redis.call('ZREMRANGEBYSCORE', subs, '-inf', now)
  removed = removed + gone
  redis.call('ZREMRANGEBYSCORE', rep, '-inf', now - ${CREDIT_TTL_MS})
  if redis.call('ZCARD', subs) == 0 and redis.call('HEXISTS', lt, template) == 0 then
    redis.call('HDEL', tpl, template)
    redis.call('DEL', rep)
  end
end
-- Takes are recorded for an hour: older revocations can no longer refuse anything.
for _, template in ipairs(redis.call('HKEYS', revoked)) do
  if tonumber(redis.call('HGET', revoked, template)) < now - 3600000 then
    redis.call('HDEL', revoked, template)
  end
end
local left = redis.call('ZCARD', live) + redis.call('ZCARD', seen) + redis.call('HLEN', tpl)
if left == 0 then
  redis.call('DEL', takes)
else
  local all = redis.call('HGETALL', takes)
  for i = 1, #all, 2 do
    if tonumber(string.match(all[i + 1], '([^\\t]+)$')) < now - 3600000 then
      redis.call('HDEL', takes, all[i])
    end
  end
end
return {removed, left > 0 and 1 or 0, more and 1 or 0}
`;

/** KEYS: index; ARGV: openid, score seen by the purge → removes the entry unless re-scored. */
export const UNINDEX_SCRIPT = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
`;
