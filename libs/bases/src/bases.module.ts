import { Module } from '@nestjs/common';

/** Provincial continuing-education bases: trainees, research projects, quotas. */
@Module({})
export class BasesModule {}
