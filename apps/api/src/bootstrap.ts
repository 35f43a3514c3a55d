import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type AppConfig, ConfigError, ensureDatabaseExists, loadConfig } from '@ce/kernel/nest';
import type { NextFunction, Request, Response } from 'express';
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
    serveWebApp(app);
  }
  await app.listen(config.PORT, '0.0.0.0');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, config, url };
}

/** Paths the server answers itself; every other GET falls back to the web app's index.html. */
const SERVER_PATHS = /^\/(api|docs|docs-json|health|metrics|verify|admin\/queues)(\/|$)/;

/** The web app (`web/dist`, built by `npm run build:web`) at `/`, with the SPA fallback to index.html. */
function serveWebApp(app: NestExpressApplication): void {
  // From apps/api/src (tests) or dist/apps/api/src (the built system) up to the repository root.
  const webDir = [join(__dirname, '../../../web/dist'), join(__dirname, '../../../../web/dist')].find((dir) =>
    existsSync(join(dir, 'index.html')),
  );
  if (!webDir) {
    app.get(Logger).warn('web/dist not found: the web app is not served (npm run build:web builds it)');
    return;
  }
  app.useStaticAssets(webDir, {
    index: false,
    setHeaders: (res: ServerResponse, file: string) =>
      res.setHeader(
        'Cache-Control',
        file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  const index = join(webDir, 'index.html');
  app.use((req: Request, res: Response, next: NextFunction) => {
    // A missing file (a stale asset name) stays a 404 rather than becoming the page.
    if (req.method !== 'GET' || SERVER_PATHS.test(req.path) || /\.\w+$/.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
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
