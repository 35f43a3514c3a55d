import { DataSource } from 'typeorm';
import {
  ProjectionCheckpoint,
  ProjectionCheckpoints1700000000000,
  StreamIndex1700000000001,
  StreamIndexRow,
} from '@ce/projections';

/** A TypeORM data source on a test database with the projection tables migrated. */
export async function projectionsDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: [ProjectionCheckpoint, StreamIndexRow],
    migrations: [ProjectionCheckpoints1700000000000, StreamIndex1700000000001],
    migrationsTransactionMode: 'each',
    extra: { max: 10 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}
