export * from './audit.module';
export * from './audit.service';
export * from './checkpoints';
export * from './replayers';
export { Audit1700000004000 } from './migrations/1700000004000-audit';
