import { Module } from '@nestjs/common';
import { StatisticsController } from './http/statistics.controller';
import { StatisticsReportsController } from './http/statistics-reports.controller';
import { StatisticsAggregationService } from './statistics-aggregation.service';
import { StatisticsReportsService } from './statistics-reports.service';

/**
 * Statistics (附件3, 附件4): reports filed by district bureaus and city departments, approved by
 * the city bureau on the generic approval flow, summed per scope and exported in the official layout.
 * IdentityService, OrgDirectory, PolicyStore and ApprovalSubjects come from global modules.
 */
@Module({
  controllers: [StatisticsReportsController, StatisticsController],
  providers: [StatisticsReportsService, StatisticsAggregationService],
  exports: [StatisticsReportsService, StatisticsAggregationService],
})
export class StatisticsModule {}
