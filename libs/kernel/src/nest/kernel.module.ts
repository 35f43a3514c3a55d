import { type DynamicModule, Global, Module } from '@nestjs/common';
import { clockProvider } from './clock.provider';
import { APP_CONFIG, type AppConfig } from './config';
import { Metrics } from './metrics';

/** Configuration, clock and metrics for every module of the process. */
@Global()
@Module({})
export class KernelModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: KernelModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, clockProvider, Metrics],
      exports: [APP_CONFIG, clockProvider, Metrics],
    };
  }
}
