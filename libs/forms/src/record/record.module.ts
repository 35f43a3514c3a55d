import { Module } from '@nestjs/common';
import { HoursModule } from '@ce/hours';
import { YearRecordController } from './year-record.controller';
import { YearRecordService } from './year-record.service';

/** 附件2: a person's yearly record, read from the hours ledger and the claims' streams (no tables of its own). */
@Module({
  imports: [HoursModule],
  controllers: [YearRecordController],
  providers: [YearRecordService],
  exports: [YearRecordService],
})
export class YearRecordModule {}
