import 'reflect-metadata';
import 'nest-mcp/zod-acyclic';
import { Module, type LoggerService } from '@nestjs/common';
import { createMcpApplication, loadEnv } from 'nest-mcp';
import { Logger as NestjsPinoLogger, LoggerModule } from 'nestjs-pino';
import { pino, type Logger as Pino, type LoggerOptions } from 'pino';
import { BenchModule } from './bench.module.js';

/**
 * The bench server with pino in place of `runMcpApp`'s logger, to weigh one against the other
 * (bench/run/log-group.mjs). `BENCH_LOGGER=nestjs-pino`: nestjs-pino as its README sets it up
 * (`LoggerModule.forRoot`, its pino-http middleware on every route, `bufferLogs` + `useLogger`),
 * request logging off (our exchange line is the request's line); `BENCH_LOGGER=pino`: pino alone
 * behind a minimal LoggerService. Both write the same flat schema as `McpJsonLogger`.
 */
const options: LoggerOptions = {
  level: 'info',
  base: undefined,
  messageKey: 'msg',
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
};
const destination = () => pino.destination({ dest: 1, sync: false });

/** pino behind Nest's LoggerService: the object's fields flat, the context beside them. */
class BarePinoLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}
  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  error(message: unknown, _stack?: string, context?: string) {
    this.write('error', message, context);
  }
  private write(level: 'info' | 'warn' | 'error', message: unknown, context?: string) {
    if (typeof message === 'object' && message !== null) this.pino[level]({ context, ...message });
    else this.pino[level]({ context }, String(message));
  }
}

@Module({
  imports: [
    BenchModule,
    LoggerModule.forRoot({ pinoHttp: [{ ...options, autoLogging: false, quietReqLogger: true }, destination()] }),
  ],
})
class NestjsPinoBenchModule {}

const env = loadEnv();
const app =
  process.env.BENCH_LOGGER === 'nestjs-pino'
    ? await createMcpApplication(NestjsPinoBenchModule, { bufferLogs: true })
    : await createMcpApplication(BenchModule, { logger: new BarePinoLogger(pino(options, destination())) });
if (process.env.BENCH_LOGGER === 'nestjs-pino') app.useLogger(app.get(NestjsPinoLogger));
await app.listen(env.PORT, env.HOST);
console.log(`bench app listening on port ${(app.getHttpServer().address() as { port: number }).port}`);
