import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * Whether the shared store answers, as the app's own commands find it. The
 * first command left without an answer (its deadline passed, the connection
 * dropped) logs that the store is unavailable; the first answer after that
 * logs that it is back: one line each per outage, however many commands fail.
 */
export class StoreAvailability {
  private readonly logger = new Logger('McpRedis');
  private available = true;

  answered(): void {
    if (this.available) return;
    this.available = true;
    this.logger.log('the shared store (Redis) is back');
  }

  failed(reason: string): void {
    if (!this.available) return;
    this.available = false;
    this.logger.warn(`the shared store (Redis) is unavailable (${reason}): requests that need it get 503 meanwhile`);
  }

  /** Follows every command the connection sends, and its connection errors. */
  watchCommands(redis: Redis): void {
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = (command, ...rest) => {
      command.promise.then(
        () => this.answered(),
        // A reply error (a script error, a wrong type) is still an answer. By name: ioredis is loaded only with Redis.
        (error: Error) => (error.name === 'ReplyError' ? this.answered() : this.failed(error.message)),
      );
      return send(command, ...rest);
    };
    this.watchConnection(redis);
  }

  /** Follows a connection that sends no commands of the app's requests (a subscriber). */
  watchConnection(redis: Redis): void {
    redis.on('error', (error: Error) => this.failed(error.message));
    redis.on('ready', () => this.answered());
  }
}
