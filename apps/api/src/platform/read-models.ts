import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { Audit1700000004000 } from '@ce/audit';
import { BASES_ENTITIES, BASES_MIGRATIONS, BASES_PROJECTIONS } from '@ce/bases';
import { FORMS_ENTITIES, FORMS_MIGRATIONS, FORMS_PROJECTIONS } from '@ce/forms';
import { PROJECTS_ENTITIES, PROJECTS_MIGRATIONS, PROJECTS_PROJECTIONS } from '@ce/projects';
import { REMINDERS_ENTITIES, REMINDERS_MIGRATIONS, REMINDERS_PROJECTIONS } from '@ce/reminders';
import { Approvals1700000002000, FlowRow, TaskCountRow, TaskRow, taskQueueProjection } from '@ce/approval';
import { HourClaimRow, Hours1700000003000, LedgerEntryRow, hourClaimsProjection } from '@ce/hours';
import { Identity1700000001000, OrgRow, PersonRow, UserRow, identityProjection } from '@ce/identity';
import {
  ProjectionCheckpoint,
  ProjectionCheckpoints1700000000000,
  StreamIndex1700000000001,
  StreamIndexRow,
  streamIndexProjection,
  type Projection,
} from '@ce/projections';

/** Every read-model entity, migration and projection of the system: the one list to extend. */
export const READ_MODEL_ENTITIES = [
  ProjectionCheckpoint,
  StreamIndexRow,
  OrgRow,
  PersonRow,
  UserRow,
  FlowRow,
  TaskRow,
  TaskCountRow,
  HourClaimRow,
  LedgerEntryRow,
  ...PROJECTS_ENTITIES,
  ...BASES_ENTITIES,
  ...REMINDERS_ENTITIES,
  ...FORMS_ENTITIES,
];
export const READ_MODEL_MIGRATIONS = [
  ProjectionCheckpoints1700000000000,
  StreamIndex1700000000001,
  Identity1700000001000,
  Approvals1700000002000,
  Hours1700000003000,
  Audit1700000004000,
  ...PROJECTS_MIGRATIONS,
  ...BASES_MIGRATIONS,
  ...REMINDERS_MIGRATIONS,
  ...FORMS_MIGRATIONS,
];
export const PROJECTIONS_LIST: Projection[] = [
  streamIndexProjection,
  identityProjection,
  taskQueueProjection,
  hourClaimsProjection,
  ...PROJECTS_PROJECTIONS,
  ...BASES_PROJECTIONS,
  ...REMINDERS_PROJECTIONS,
  ...FORMS_PROJECTIONS,
];

/** The read-model database: every entity, migrations run at start (each in its own transaction). */
export const readModelDatabase = (databaseUrl: string, poolSize = 20): TypeOrmModuleOptions => ({
  type: 'postgres',
  url: databaseUrl,
  entities: READ_MODEL_ENTITIES,
  migrations: READ_MODEL_MIGRATIONS,
  migrationsRun: true,
  migrationsTransactionMode: 'each',
  extra: { max: poolSize },
});
