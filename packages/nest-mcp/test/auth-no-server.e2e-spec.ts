// With auth on and no authorization server at all, the operator hears it at boot: clients
// could not sign in by themselves (the 401's wording is checked in oauth-bridge.e2e-spec.ts).
import { ConsoleLogger } from '@nestjs/common';
import { startMcpApp } from '../src/testing/index.js';
import { secureModule } from './fixtures/secure.module.js';

/** Nest's logger, keeping the warnings instead of printing them. */
class KeptWarnings extends ConsoleLogger {
  readonly lines: string[] = [];
  override warn(message: unknown): void {
    this.lines.push(String(message));
  }
}

const SECRET = 'x'.repeat(32);

describe('auth on without an authorization server', () => {
  it.each([
    ['warns at boot with none configured', {}, true],
    ['stays quiet when one is named', { authorizationServers: ['https://idp.example.com'] }, false],
  ])('%s', async (_case, extra, warned) => {
    const logger = new KeptWarnings();
    const running = await startMcpApp(secureModule({ mode: 'jwt', secret: SECRET, ...extra }), { logger });
    await running.close();
    expect(logger.lines.some((line) => line.includes('no authorization server is configured'))).toBe(warned);
  });
});
