import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { ApprovalSubjects } from './approval-subjects';
import { validateChainPolicy } from './chain-policy.schema';
import { PoliciesController } from './http/policies.controller';
import { TasksController } from './http/tasks.controller';
import { PolicyStore } from './policy-store';

@Global()
@Module({
  controllers: [TasksController, PoliciesController],
  providers: [ApprovalSubjects, PolicyStore],
  exports: [ApprovalSubjects, PolicyStore],
})
export class ApprovalModule implements OnModuleInit {
  constructor(private readonly policies: PolicyStore) {}

  onModuleInit(): void {
    this.policies.define('approval-chains', validateChainPolicy);
  }
}
