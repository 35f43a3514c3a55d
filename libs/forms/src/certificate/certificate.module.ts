import { Module } from '@nestjs/common';
import { HoursModule } from '@ce/hours';
import { CertificatesService } from './certificates.service';
import { CertificatesController, VerifyController } from './http/certificates.controller';
import { CertificateRevocationBinding } from './process/certificate-revocation.binding';

/** 继续教育合格证明: issue, PDF, the public verification page, and voiding when a year falls short. */
@Module({
  imports: [HoursModule],
  controllers: [CertificatesController, VerifyController],
  providers: [CertificatesService, CertificateRevocationBinding],
  exports: [CertificatesService],
})
export class CertificatesModule {}
