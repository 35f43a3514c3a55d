import { Module } from '@nestjs/common';

/** Training project catalogue (附件1). */
@Module({})
export class ProjectsModule {}
