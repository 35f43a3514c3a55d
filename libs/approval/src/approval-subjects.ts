import { Injectable } from '@nestjs/common';
import { type Actor, NotFoundError } from '@ce/kernel';
import type { FlowCommand } from './domain/approval-flow';
import type { SubjectType } from './domain/chain-policy';

export type TaskCommand = Exclude<FlowCommand, { type: 'submit' } | { type: 'resubmit' }>;

export interface TaskOutcome {
  readonly subjectId: string;
  readonly status: string;
  readonly position: string;
}

/** A subject kind on the approval flow: how to run a task command against one of its streams. */
export interface ApprovalSubject {
  readonly subjectType: SubjectType;
  readonly streamPrefix: string;
  execute(streamId: string, command: TaskCommand, actor: Actor, requestId?: string): Promise<TaskOutcome>;
}

/** Subjects register here, so the generic task endpoints can act on any of them. */
@Injectable()
export class ApprovalSubjects {
  private readonly subjects: ApprovalSubject[] = [];

  register(subject: ApprovalSubject): void {
    this.subjects.push(subject);
  }

  forStream(streamId: string): ApprovalSubject {
    const subject = this.subjects.find((s) => streamId.startsWith(`${s.streamPrefix}-`));
    if (!subject) throw new NotFoundError('TASK.NOT_FOUND', '待办不存在');
    return subject;
  }
}
