import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type AppConfig, ConfigError, ensureDatabaseExists, loadConfig } from '@ce/kernel/nest';
import { Logger } from 'nestjs-pino';
import { mountBullBoard } from '@ce/reminders';
import { AppModule } from './app.module';

export interface StartedApp {
  readonly app: NestExpressApplication;
  readonly config: AppConfig;
  readonly url: string;
}

/** Builds and starts the system for the given environment (also used by end-to-end tests). */
export async function startApp(env: NodeJS.ProcessEnv = process.env): Promise<StartedApp> {
  const config = loadConfig(env);
  await ensureDatabaseExists(config.DATABASE_URL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
  });
  app.set('trust proxy', 'loopback');
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  if (config.ROLE !== 'worker') {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('继续教育学时审验系统 API')
        .setDescription('Continuing education of professional technical personnel — HTTP API v1')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
    mountBullBoard(app);
  }
  await app.listen(config.PORT, '0.0.0.0');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, config, url };
}

export async function main(): Promise<void> {
  try {
    const { config, url } = await startApp();
    process.stdout.write(`继续教育学时审验系统 listening on ${url} (role ${config.ROLE})\n`);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
