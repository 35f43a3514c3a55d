import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import { ContentStore } from './content-store';
import { PdfUploadLimitInterceptor } from './http/pdf-upload';
import { TrainingPlansController } from './http/training-plans.controller';
import { TrainingPlansService } from './training-plans.service';

/**
 * Annual training plans (培训方案): upload of the stamped PDF (stored by content), approval by the
 * city bureau on the generic flow, download. Uploads are limited by `CE_TRAINING_PLAN_MAX_BYTES`.
 */
@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.CE_TRAINING_PLAN_MAX_BYTES, files: 1, fields: 10 },
        // Browsers and curl send the file name as raw UTF-8 (Chinese names): do not read it as Latin-1.
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [TrainingPlansController],
  providers: [TrainingPlansService, ContentStore, PdfUploadLimitInterceptor],
  exports: [TrainingPlansService, ContentStore],
})
export class TrainingPlansModule {}
