import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CertificatesService } from '../certificates.service';
import { bindCertificateRevoker } from './certificate-revocation.process';

/** Binds the revocation process manager to this process's certificates service. */
@Injectable()
export class CertificateRevocationBinding implements OnModuleInit, OnApplicationShutdown {
  private unbind: (() => void) | undefined;

  constructor(private readonly certificates: CertificatesService) {}

  onModuleInit(): void {
    this.unbind = bindCertificateRevoker((revocation) => this.certificates.revokeForClaim(revocation));
  }

  onApplicationShutdown(): void {
    this.unbind?.();
  }
}
