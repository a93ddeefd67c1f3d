/**
 * Lua scripts of the Redis credit backend. Every script touches the keys of ONE owner only, all
 * sharing the hash tag `{appId:openid}`, so they run on one Redis Cluster slot.
 *
 * KEYS (same order everywhere):
 *   1 live   ZSET  id → expiresAt      credits with uses left
 *   2 uses   HASH  id → uses left
 *   3 meta   HASH  id → 'form' | 'prepay' | 'dead'   every id known and not yet expired
 *   4 seen   ZSET  id → expiresAt      same ids as meta, scored for expiry
 *   5 sent   ZSET  takeId → taken at   takes counted by the send limit
 */

// Removes members in slices: `unpack` of a huge table would overflow Lua's stack.
const HELPERS = `
local function remove_all(zkey, hkey, ids)
  for i = 1, #ids, 500 do
    local slice = {}
    for j = i, math.min(i + 499, #ids) do slice[#slice + 1] = ids[j] end
    redis.call('ZREM', zkey, unpack(slice))
    redis.call('HDEL', hkey, unpack(slice))
  end
  return #ids
end
local function drop_expired_live(now)
  return remove_all(KEYS[1], KEYS[2], redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now))
end
local function drop_expired_seen(now)
  return remove_all(KEYS[4], KEYS[3], redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now))
end
-- Keys live as long as the latest-expiring id they know of, plus an hour: a safety net that
-- cleans up users nobody purges. Relative TTLs, so an app clock offset from Redis' does no harm.
local function refresh_ttl(now)
  local last = redis.call('ZRANGE', KEYS[4], -1, -1, 'WITHSCORES')
  if last[2] then
    local ttl = math.floor(tonumber(last[2]) - now) + 3600000
    if ttl > 0 then
      for k = 1, 4 do redis.call('PEXPIRE', KEYS[k], ttl) end
    end
  end
end
`;

/** ARGV: now, maxCredits, count, then (id, source, expiresAt, quota) × count → {added, duplicates, evicted}. */
export const INSERT_SCRIPT = `${HELPERS}
local now = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
drop_expired_live(now)
drop_expired_seen(now)
local added, duplicates, evicted = {}, {}, {}
for i = 0, n - 1 do
  local base = 4 + i * 4
  local id, source, expires, quota = ARGV[base], ARGV[base + 1], ARGV[base + 2], ARGV[base + 3]
  if redis.call('ZSCORE', KEYS[4], id) then
    duplicates[#duplicates + 1] = id
  else
    redis.call('ZADD', KEYS[4], expires, id)
    redis.call('HSET', KEYS[3], id, source)
    redis.call('ZADD', KEYS[1], expires, id)
    redis.call('HSET', KEYS[2], id, quota)
    added[#added + 1] = id
  end
end
local excess = redis.call('ZCARD', KEYS[1]) - cap
if excess > 0 then
  evicted = redis.call('ZRANGE', KEYS[1], 0, excess - 1)
  remove_all(KEYS[1], KEYS[2], evicted)
  for _, id in ipairs(evicted) do redis.call('HSET', KEYS[3], id, 'dead') end
end
refresh_ttl(now)
return {added, duplicates, evicted}
`;

/**
 * ARGV: now, takeId, limitMax (0: none), windowMs →
 * {'credit', id, source, usesLeft, expiresAt} | {'none'} | {'limited', retryAt}.
 */
export const TAKE_SCRIPT = `${HELPERS}
local now = tonumber(ARGV[1])
local limit_max = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
if limit_max > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - window)
  if redis.call('ZCARD', KEYS[5]) >= limit_max then
    local oldest = redis.call('ZRANGE', KEYS[5], 0, 0, 'WITHSCORES')
    return {'limited', tostring(tonumber(oldest[2]) + window)}
  end
end
drop_expired_live(now)
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if not first[1] then return {'none'} end
local id, expires = first[1], first[2]
local left = redis.call('HINCRBY', KEYS[2], id, -1)
if left <= 0 then
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  if left < 0 then left = 0 end
end
if limit_max > 0 then
  redis.call('ZADD', KEYS[5], now, ARGV[2])
  redis.call('PEXPIRE', KEYS[5], window + 3600000)
end
local source = redis.call('HGET', KEYS[3], id)
if not source or source == 'dead' then source = 'form' end
return {'credit', id, source, tostring(left), expires}
`;

/** ARGV: now, id, source, expiresAt, quota, takeId → 1 restored | 0 refused. */
export const RESTORE_SCRIPT = `${HELPERS}
local now = tonumber(ARGV[1])
local id, expires, quota = ARGV[2], tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZREM', KEYS[5], ARGV[6])
if expires <= now then return 0 end
local state = redis.call('HGET', KEYS[3], id)
if (not state) or state == 'dead' then return 0 end
if redis.call('ZSCORE', KEYS[1], id) then
  local uses = redis.call('HINCRBY', KEYS[2], id, 1)
  if uses > quota then redis.call('HSET', KEYS[2], id, quota) end
else
  redis.call('ZADD', KEYS[1], ARGV[4], id)
  redis.call('HSET', KEYS[2], id, 1)
end
refresh_ttl(now)
return 1
`;

/** ARGV: id, takeId → 1. */
export const DISCARD_SCRIPT = `
redis.call('ZREM', KEYS[5], ARGV[2])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then redis.call('HSET', KEYS[3], ARGV[1], 'dead') end
return 1
`;

/** ARGV: now → flat list id, source, usesLeft, expiresAt, … of live credits, expiring first first. */
export const LIST_SCRIPT = `
local now = tonumber(ARGV[1])
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'WITHSCORES')
local out = {}
for i = 1, #live, 2 do
  local id = live[i]
  local uses = tonumber(redis.call('HGET', KEYS[2], id) or '0')
  if uses > 0 then
    local source = redis.call('HGET', KEYS[3], id)
    if not source or source == 'dead' then source = 'form' end
    out[#out + 1] = id
    out[#out + 1] = source
    out[#out + 1] = tostring(uses)
    out[#out + 1] = live[i + 1]
  end
end
return out
`;

/** ARGV: now → {expired live credits removed, ids still known}. */
export const PURGE_SCRIPT = `${HELPERS}
local now = tonumber(ARGV[1])
local removed = drop_expired_live(now)
drop_expired_seen(now)
return {removed, redis.call('ZCARD', KEYS[4])}
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
