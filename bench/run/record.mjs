// What the run records (written to bench/results as JSON, and printed as the report) and its progress log.
import { meta } from './meta.mjs';
import { S } from './settings.mjs';

export const results = {
  meta: meta(),
  settings: S,
  throughput: [],
  sessions: [],
  memory: [],
  tasks: [],
  taskRedisCommands: [],
  coldStart: [],
  boots: [],
};

export const log = (line) => console.log(`· ${line}`);
