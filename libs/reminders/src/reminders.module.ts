import { Module } from '@nestjs/common';

/** Deadline calendar, obligations, reminders through BullMQ, notice ledger and channels. */
@Module({})
export class RemindersModule {}
