import { fileURLToPath } from 'node:url';
import { AppProcess as BuiltApp } from '../../src/testing/app-process.js';

/** The fixture service (`test/fixture-app`, built by `npm run build:test`). */
export const FIXTURE_MAIN = fileURLToPath(new URL('../../dist-test/test/fixture-app/main.js', import.meta.url));

/** A service of the task tools of `test/fixtures/tasks.module.ts` (built by `npm run build:test`). */
export const TASKS_FIXTURE_MAIN = fileURLToPath(
  new URL('../../dist-test/test/fixture-app/tasks-main.js', import.meta.url),
);

/** The fixture service with the OpenTelemetry Node SDK started and a tool that calls a downstream URL (`traced-main.ts`). */
export const TRACED_FIXTURE_MAIN = fileURLToPath(
  new URL('../../dist-test/test/fixture-app/traced-main.js', import.meta.url),
);

/** `AppProcess` whose script is the fixture service unless a test names another. */
export const AppProcess = {
  start: (env: Record<string, string>, script = FIXTURE_MAIN, cwd?: string) => BuiltApp.start(env, script, cwd),
};
export type AppProcess = BuiltApp;
