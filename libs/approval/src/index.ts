export * from './domain';
export * from './approval.module';
export * from './approval-subjects';
export * from './policy-store';
export * from './read-model/approval.entities';
export * from './read-model/task-queue.projection';
export { Approvals1700000002000 } from './migrations/1700000002000-approvals';
export * from './chain-policy.schema';
export * from './flow-commands';
