import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigError, KernelModule, ensureDatabaseExists, loadConfig, type AppConfig } from '@ce/kernel/nest';
import { AuditModule } from '@ce/audit';
import { ProjectionsModule } from '@ce/projections';
import { CommandFactory } from 'nest-commander';
import { EventStoreModule } from '../../api/src/platform/event-store.module';
import { STATE_REPLAYERS_LIST } from '../../api/src/platform/replayers';
import { PROJECTIONS_LIST, readModelDatabase } from '../../api/src/platform/read-models';
import { COMMANDS } from './commands';

@Module({})
class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        KernelModule.forRoot(config),
        TypeOrmModule.forRoot(readModelDatabase(config.DATABASE_URL, 4)),
        EventStoreModule.forRoot(),
        ProjectionsModule.forRoot({ projections: PROJECTIONS_LIST, run: false }),
        AuditModule.forRoot({ replayers: STATE_REPLAYERS_LIST, http: false, writeCheckpoints: false }),
      ],
      providers: COMMANDS,
    };
  }
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  await ensureDatabaseExists(config.DATABASE_URL);
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    cliName: 'ce',
    serviceErrorHandler: (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  });
}

void main();
