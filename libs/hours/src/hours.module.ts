import { Module } from '@nestjs/common';
import { HourClaimsController, LedgerController } from './http/hours.controller';
import { HourClaimsService } from './hour-claims.service';

@Module({
  controllers: [HourClaimsController, LedgerController],
  providers: [HourClaimsService],
  exports: [HourClaimsService],
})
export class HoursModule {}
