import { existsSync } from 'node:fs';

/**
 * Loads `.env` from the working directory, when there is one, into
 * `process.env` before it is validated. Variables already set win (Node's
 * own loader, `process.loadEnvFile`, keeps them), so a deployment's
 * environment always overrides a file left in the image. (`@nestjs/config`
 * would load it inside the module graph, after the logger and the listen
 * address are needed; Node's loader needs no dependency.)
 */
export function loadDotEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
