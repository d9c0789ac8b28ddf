import { Global, Module } from '@nestjs/common';
import { loadEnv } from './load-env.js';

export const APP_ENV = Symbol('APP_ENV');

/** The validated environment, loaded once at boot and injectable as `APP_ENV`. */
@Global()
@Module({
  providers: [{ provide: APP_ENV, useFactory: () => loadEnv() }],
  exports: [APP_ENV],
})
export class AppConfigModule {}
