import type { Redis } from 'ioredis';
import type { McpMetrics } from './mcp-metrics.service.js';

/** Which store a key belongs to, by its first segment after the app's key prefix. */
const STORE_OF_SEGMENT: Record<string, string> = {
  session: 'sessions',
  'sessions-of': 'sessions',
  events: 'events',
  'event-streams-of': 'events',
  'calls-in-flight': 'calls',
  task: 'tasks',
  'tasks-all': 'tasks',
  'tasks-of': 'tasks',
  'task-changed': 'tasks',
  throttle: 'throttling',
  'request-state-key': 'request_state',
  oauth: 'oauth',
  instance: 'instances',
};

/** The connection's own housekeeping (a handshake, its name): not a store's work. */
const CONNECTION_COMMANDS = new Set(['hello', 'client', 'info', 'auth', 'select', 'quit']);

/** Scripts name their first key after the script and the key count. */
const SCRIPT_COMMANDS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall']);

/**
 * Times every command of the app's Redis connection, and counts those that
 * fail (an error, a deadline passed, no connection), by store and command:
 * both label sets are bounded (the stores are ours, the commands our code's).
 * One wrapper for every store, on this app's connection only.
 */
export function timeRedisCommands(redis: Redis, keyPrefix: string, metrics: McpMetrics): void {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, ...rest) => {
    if (CONNECTION_COMMANDS.has(command.name.toLowerCase())) return send(command, ...rest);
    const started = performance.now();
    const labels = { store: storeOf(command.name, command.args, keyPrefix), operation: command.name.toLowerCase() };
    const observe = () => metrics.storeDuration.observe(labels, (performance.now() - started) / 1000);
    command.promise.then(observe, () => {
      observe();
      metrics.storeErrors.inc(labels);
    });
    return send(command, ...rest);
  };
}

function storeOf(name: string, args: unknown[], keyPrefix: string): string {
  const key = SCRIPT_COMMANDS.has(name.toLowerCase()) ? args[2] : args[0];
  const text = typeof key === 'string' ? key : Buffer.isBuffer(key) ? key.toString() : undefined;
  if (text === undefined || !text.startsWith(keyPrefix)) return 'other';
  const segment = /^[a-z-]+/.exec(text.slice(keyPrefix.length))?.[0] ?? '';
  return STORE_OF_SEGMENT[segment] ?? 'other';
}
