import { Module, type OnModuleInit } from '@nestjs/common';
import { PolicyStore } from '@ce/approval';
import { HoursModule } from '@ce/hours';
import { BaseYearsService } from './base-year/base-years.service';
import { YearEndAssessmentScheduler } from './base-year/year-end.scheduler';
import { BaseYearReportsService } from './base-year-report/base-year-reports.service';
import { BASES_POLICY, validateBasesPolicy } from './bases-policy.schema';
import { BasesController } from './http/bases.controller';
import { BaseHoursProcessBinding } from './process/base-hours.binding';

/** Provincial continuing-education bases: trainees, research projects, quotas, year-end assessment, year reports. */
@Module({
  imports: [HoursModule],
  controllers: [BasesController],
  providers: [BaseYearsService, BaseYearReportsService, YearEndAssessmentScheduler, BaseHoursProcessBinding],
  exports: [BaseYearsService, BaseYearReportsService, YearEndAssessmentScheduler],
})
export class BasesModule implements OnModuleInit {
  constructor(private readonly policies: PolicyStore) {}

  onModuleInit(): void {
    this.policies.define(BASES_POLICY, validateBasesPolicy);
  }
}
