import { type DynamicModule, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { CheckpointWriter } from './checkpoint-writer';
import { AuditController } from './http/audit.controller';
import { STATE_REPLAYERS, type StateReplayer } from './replayers';

@Module({})
export class AuditModule {
  static forRoot(options: {
    replayers: StateReplayer[];
    http: boolean;
    writeCheckpoints: boolean;
  }): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      controllers: options.http ? [AuditController] : [],
      providers: [
        { provide: STATE_REPLAYERS, useValue: options.replayers },
        AuditService,
        ...(options.writeCheckpoints ? [CheckpointWriter] : []),
      ],
      exports: [AuditService],
    };
  }
}
