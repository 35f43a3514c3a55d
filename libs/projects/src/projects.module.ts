import { Module } from '@nestjs/common';
import { CatalogueController } from './http/catalogue.controller';
import { TrainingProjectsController } from './http/training-projects.controller';
import { UploadLimitInterceptor } from './http/xlsx-upload';
import { TrainingProjectImportService } from './training-project-import.service';
import { TrainingProjectsService } from './training-projects.service';

/** Training project catalogue (附件1): submission and approval, import, the published catalogue and its export. */
@Module({
  controllers: [TrainingProjectsController, CatalogueController],
  providers: [TrainingProjectsService, TrainingProjectImportService, UploadLimitInterceptor],
  exports: [TrainingProjectsService],
})
export class ProjectsModule {}
