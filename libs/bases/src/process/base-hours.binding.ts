import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HourClaimsService } from '@ce/hours';
import { OrgDirectory } from '@ce/identity';
import { type BaseClaimRequest, bindBaseClaimStarter } from './base-hours.process';

/** The actor of claims the process manager starts (on the person's behalf, as the metadata says). */
export const BASE_PROCESS_USER = 'system:base-process';

/** Binds the hours process manager to this process's hour-claim service. */
@Injectable()
export class BaseHoursProcessBinding implements OnModuleInit, OnApplicationShutdown {
  private unbind: (() => void) | undefined;

  constructor(
    private readonly claims: HourClaimsService,
    private readonly orgs: OrgDirectory,
  ) {}

  onModuleInit(): void {
    this.unbind = bindBaseClaimStarter((request) => this.startClaim(request));
  }

  onApplicationShutdown(): void {
    this.unbind?.();
  }

  /**
   * Submits the claim with the registration key as its request id: the claim id is derived from it
   * (idForRequest), and a second submission with it is answered from the stored events — so the
   * process manager may call this any number of times for one registration.
   */
  async startClaim(request: BaseClaimRequest): Promise<{ claimId: string }> {
    const base = await this.orgs.get(request.baseId);
    const r = request.registration;
    const submitted = await this.claims.submit(
      {
        personId: request.personId,
        // Provincial bases run the public-subject online platforms (DOMAIN.md rule 4).
        subject: 'public',
        kind: 'training',
        title: r.programme,
        ...(base ? { organizer: base.name } : {}),
        startDate: r.completedOn,
        endDate: r.completedOn,
        hours: r.hours,
      },
      {
        actor: { userId: BASE_PROCESS_USER, orgId: request.unitId, roles: ['admin'] },
        now: request.registeredAt,
        requestId: request.registrationKey,
      },
    );
    return { claimId: submitted.id };
  }
}
