import { Module } from '@nestjs/common';
import { CertificatesModule } from './certificate';
import { YearRecordModule } from './record';
import { StatisticsModule } from './statistics';
import { TrainingPlansModule } from './training-plan';

/** The official forms: training plans (培训方案), statistics (附件3, 附件4), the yearly record (附件2), certificates. */
@Module({
  imports: [TrainingPlansModule, StatisticsModule, YearRecordModule, CertificatesModule],
  exports: [TrainingPlansModule, StatisticsModule, YearRecordModule, CertificatesModule],
})
export class FormsModule {}
