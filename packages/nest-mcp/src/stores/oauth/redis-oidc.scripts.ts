/**
 * The Redis adapter's scripts: each change of an entry and its indexes is
 * one script, so no instance ever sees an entry without its expiry or a
 * grant's index without its tokens. (They name keys kept in the entry or
 * built from the prefix: a single Redis, or a primary with replicas; not
 * Redis Cluster.)
 */

/**
 * Stores an entry (a hash) with its expiry, replacing any previous one, and
 * indexes it. KEYS: entry. ARGV: 1 payload JSON, 2 ttl ms, 3 sliding ('1' or
 * ''), 4 grant index key, 5 session-uid key, 6 user-code key (each '' when
 * none), 7 id, 8 now ms, 9 live-clients key and 10 pending-registrations key
 * ('' unless a Client). A grant's index holds its entries by expiry and lives
 * as long as its longest; a new client takes a reserved registration place.
 */
export const UPSERT = `
local ttl = tonumber(ARGV[2])
local now = tonumber(ARGV[8])
local old = redis.call('HMGET', KEYS[1], 'grantKey', 'uidKey', 'userCodeKey')
if old[1] and old[1] ~= '' and old[1] ~= ARGV[4] then redis.call('ZREM', old[1], KEYS[1]) end
for i = 2, 3 do
  if old[i] and old[i] ~= '' and old[i] ~= ARGV[3 + i] and redis.call('GET', old[i]) == ARGV[7] then
    redis.call('DEL', old[i])
  end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'payload', ARGV[1], 'sliding', ARGV[3], 'grantKey', ARGV[4], 'uidKey', ARGV[5], 'userCodeKey', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ttl)
if ARGV[4] ~= '' then
  redis.call('ZREMRANGEBYSCORE', ARGV[4], '-inf', now)
  redis.call('ZADD', ARGV[4], now + ttl, KEYS[1])
  if redis.call('PTTL', ARGV[4]) < ttl then redis.call('PEXPIRE', ARGV[4], ttl) end
end
for i = 5, 6 do
  if ARGV[i] ~= '' then redis.call('SET', ARGV[i], ARGV[7], 'PX', ttl) end
end
if ARGV[9] ~= '' then
  if redis.call('ZADD', ARGV[9], now + ttl, ARGV[7]) == 1 then redis.call('ZPOPMIN', ARGV[10]) end
  if redis.call('PTTL', ARGV[9]) < ttl then redis.call('PEXPIRE', ARGV[9], ttl) end
end
return 0
`;

/**
 * Reads an entry: {payload, consumed}; an entry stored without an expiry is
 * renewed (and a client's place among the live ones). KEYS: entry. ARGV: 1
 * ttl ms of an unused entry, 2 now ms, 3 live-clients key ('' unless a Client), 4 id.
 */
export const FIND = `
local entry = redis.call('HMGET', KEYS[1], 'payload', 'consumed', 'sliding')
if not entry[1] then return nil end
if entry[3] == '1' then
  local ttl = tonumber(ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
  if ARGV[3] ~= '' then
    redis.call('ZADD', ARGV[3], 'XX', tonumber(ARGV[2]) + ttl, ARGV[4])
    if redis.call('PTTL', ARGV[3]) < ttl then redis.call('PEXPIRE', ARGV[3], ttl) end
  end
end
return {entry[1], entry[2]}
`;

/** Marks an entry consumed unless it already is: 1 when this call did, 0 when another did first, -1 when it is gone. KEYS: entry. ARGV: now s. */
export const CONSUME = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return redis.call('HSETNX', KEYS[1], 'consumed', ARGV[1])
`;

/** Deletes an entry and its indexes. KEYS: entry. ARGV: 1 id, 2 live-clients key ('' unless a Client). */
export const DESTROY = `
local old = redis.call('HMGET', KEYS[1], 'grantKey', 'uidKey', 'userCodeKey')
redis.call('DEL', KEYS[1])
if old[1] and old[1] ~= '' then redis.call('ZREM', old[1], KEYS[1]) end
for i = 2, 3 do
  if old[i] and old[i] ~= '' and redis.call('GET', old[i]) == ARGV[1] then redis.call('DEL', old[i]) end
end
if ARGV[2] ~= '' then redis.call('ZREM', ARGV[2], ARGV[1]) end
return 0
`;

/** Deletes every entry of a grant, and its index, in one step. KEYS: grant index. */
export const REVOKE_GRANT = `
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, key in ipairs(members) do redis.call('DEL', key) end
redis.call('DEL', KEYS[1])
return #members
`;
