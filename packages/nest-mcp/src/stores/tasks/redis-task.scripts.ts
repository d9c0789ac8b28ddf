/**
 * The Lua scripts of `RedisTaskStore`: each change to a task is one atomic
 * step on Redis, whichever instance makes it.
 */

/**
 * Creates a task unless its owner, or the server, is at its bound, in one
 * step. Each owner has a sorted set of its task ids by expiry, and so do all
 * tasks (the expired leave them here, first). An owner at its bound gives up
 * its oldest settled task (created first), if it has one. KEYS: task, owner's
 * set, the set of all. ARGV: now ms, expires at ms, ttl ms, max per owner, id,
 * max in all, the task key prefix, then the task's fields and values. 1 when
 * created, 0 when the owner is at its bound, -1 when the server is.
 */
export const CREATE = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then
  local victim, oldest = nil, nil
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    local task = redis.call('HMGET', ARGV[7] .. id, 'status', 'createdAt')
    if task[1] == 'completed' or task[1] == 'failed' or task[1] == 'cancelled' then
      local created = tonumber(task[2])
      if oldest == nil or created < oldest then victim, oldest = id, created end
    end
  end
  if victim == nil then return 0 end
  redis.call('DEL', ARGV[7] .. victim)
  redis.call('ZREM', KEYS[2], victim)
  redis.call('ZREM', KEYS[3], victim)
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[6]) then return -1 end
redis.call('HSET', KEYS[1], unpack(ARGV, 8))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[5])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[3], ARGV[3]) end
return 1
`;

/**
 * Changes a task of the owner's that is still running (a settled one stays as
 * it is: the first outcome wins); HSET keeps the hash's expiry. KEYS: task.
 * ARGV: owner, then fields and values. The task as it now is, or nothing.
 */
export const CHANGE = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return {} end
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'completed' and status ~= 'failed' and status ~= 'cancelled' then
  redis.call('HSET', KEYS[1], unpack(ARGV, 2))
end
return redis.call('HGETALL', KEYS[1])
`;

/** The start of a running task's change script: the owner's, and not settled (else the task as it is). */
const RUNNING = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return {} end
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'completed' or status == 'failed' or status == 'cancelled' then return redis.call('HGETALL', KEYS[1]) end
`;

/**
 * Adds questions (fields \`in:<key>\`) to a running task, which is then
 * \`input_required\`. KEYS: task. ARGV: owner, now ms, then keys and requests.
 */
export const ASK = `${RUNNING}
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], 'in:' .. ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'status', 'input_required', 'lastUpdatedAt', ARGV[2])
return redis.call('HGETALL', KEYS[1])
`;

/**
 * Moves the answers to open questions to \`ans:<key>\` (others are ignored);
 * with none left open, the task is \`working\` again. KEYS: task. ARGV: owner,
 * now ms, then keys and responses.
 */
export const ANSWER = `${RUNNING}
for i = 3, #ARGV, 2 do
  if redis.call('HDEL', KEYS[1], 'in:' .. ARGV[i]) == 1 then redis.call('HSET', KEYS[1], 'ans:' .. ARGV[i], ARGV[i + 1]) end
end
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, 3) == 'in:' then return redis.call('HGETALL', KEYS[1]) end
end
if status == 'input_required' then redis.call('HSET', KEYS[1], 'status', 'working', 'lastUpdatedAt', ARGV[2]) end
return redis.call('HGETALL', KEYS[1])
`;

/** Takes (reads and deletes) the recorded answers. KEYS: task. ARGV: owner. Keys and responses. */
export const TAKE = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return {} end
local taken = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if string.sub(all[i], 1, 4) == 'ans:' then
    table.insert(taken, string.sub(all[i], 5))
    table.insert(taken, all[i + 1])
    redis.call('HDEL', KEYS[1], all[i])
  end
end
return taken
`;

/** Deletes a task of the owner's and its places in the sets. KEYS: task, owner's set, the set of all. ARGV: owner, id. */
export const DELETE = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
return 1
`;

/** The scripts above as commands of the connection (`defineCommand`). */
export interface TaskScripts {
  mcpTaskCreate(...keysAndArgs: (string | number)[]): Promise<unknown>;
  mcpTaskChange(...keysAndArgs: (string | number)[]): Promise<unknown>;
  mcpTaskDelete(...keysAndArgs: (string | number)[]): Promise<unknown>;
  mcpTaskAsk(...keysAndArgs: (string | number)[]): Promise<unknown>;
  mcpTaskAnswer(...keysAndArgs: (string | number)[]): Promise<unknown>;
  mcpTaskTake(...keysAndArgs: (string | number)[]): Promise<unknown>;
}
