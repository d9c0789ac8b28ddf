// What the run records (written to bench/results as JSON, and printed as the report) and its progress log.
import { meta } from './meta.mjs';
import { S } from './settings.mjs';

export const results = {
  meta: meta(),
  settings: S,
  throughput: [],
  /** Tracing's cost: CPU per tools/call with the OpenTelemetry SDK on, over off (tracing group). */
  tracing: [],
  sessions: [],
  memory: [],
  tasks: [],
  taskRedisCommands: [],
  coldStart: [],
  boots: [],
};

export const log = (line) => console.log(`· ${line}`);
