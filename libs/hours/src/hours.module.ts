import { Module, type OnModuleInit } from '@nestjs/common';
import { PolicyStore } from '@ce/approval';
import { HourClaimsController, LedgerController } from './http/hours.controller';
import { HOURS_POLICY, HourClaimsService } from './hour-claims.service';
import { validateHoursPolicy } from './hours-policy.schema';
import { YearLedgers } from './year-ledgers.service';

@Module({
  controllers: [HourClaimsController, LedgerController],
  providers: [HourClaimsService, YearLedgers],
  exports: [HourClaimsService, YearLedgers],
})
export class HoursModule implements OnModuleInit {
  constructor(private readonly policies: PolicyStore) {}

  onModuleInit(): void {
    this.policies.define(HOURS_POLICY, validateHoursPolicy);
  }
}
