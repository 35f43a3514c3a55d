import { Global, Module } from '@nestjs/common';
import { ApprovalSubjects } from './approval-subjects';
import { PoliciesController } from './http/policies.controller';
import { TasksController } from './http/tasks.controller';
import { PolicyStore } from './policy-store';

@Global()
@Module({
  controllers: [TasksController, PoliciesController],
  providers: [ApprovalSubjects, PolicyStore],
  exports: [ApprovalSubjects, PolicyStore],
})
export class ApprovalModule {}
