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
export const READ_MODEL_ENTITIES = [ProjectionCheckpoint, StreamIndexRow, OrgRow, PersonRow, UserRow];
export const READ_MODEL_MIGRATIONS = [ProjectionCheckpoints1700000000000, StreamIndex1700000000001, Identity1700000001000];
export const PROJECTIONS_LIST: Projection[] = [streamIndexProjection, identityProjection];
