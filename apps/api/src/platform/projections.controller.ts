import { Controller, Get, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@ce/event-store';
import { Roles } from '@ce/identity';
import { PROJECTIONS, type Projection, ProjectionsQuery, rebuildProjection } from '@ce/projections';
import { DataSource } from 'typeorm';

/** Operators' view of the projections: position, lag, status; rebuild on demand. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/projections')
export class ProjectionsAdminController {
  constructor(
    private readonly projections: ProjectionsQuery,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTIONS) private readonly all: Projection[],
  ) {}

  @Get()
  @Roles('admin', 'auditor')
  status() {
    return this.projections.status();
  }

  /** Rebuilds into fresh tables while the live ones serve, compares, and switches. */
  @Post(':name/rebuild')
  @Roles('admin')
  async rebuild(@Param('name') name: string) {
    const projection = this.all.find((p) => p.name === name);
    if (!projection) throw new NotFoundException(`Unknown projection ${name}`);
    return rebuildProjection(this.dataSource, this.store, projection, { compare: true, switchOver: true });
  }
}
