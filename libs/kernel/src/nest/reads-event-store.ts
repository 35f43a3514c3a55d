import { SetMetadata } from '@nestjs/common';

export const READS_EVENT_STORE = 'ce:reads-event-store';

/** The endpoint reads the event store directly: its `?after=` pages a feed and needs no waiting. */
export const ReadsEventStore = () => SetMetadata(READS_EVENT_STORE, true);
