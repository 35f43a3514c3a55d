import { specificationFor } from '@ce/kernel';
import { type SlotEvent, statisticsSlot } from './statistics-slot.decider';

const key = { orgId: 'zhifu', year: 2020, form: 'knowledge_update' } as const;
const claimed = (reportId: string, previousReportId: string | null): SlotEvent => ({
  type: 'statistics-slot.claimed.v1',
  data: { ...key, reportId, previousReportId },
});
const spec = specificationFor(statisticsSlot);

describe('one report per organisation, year and form', () => {
  it('gives a free slot to the first report', () => {
    spec
      .given([])
      .when({ type: 'claim', key, reportId: 'r-1', holderActive: false })
      .then([claimed('r-1', null)]);
  });

  it('refuses a second report while the first still counts', () => {
    spec
      .given([claimed('r-1', null)])
      .when({ type: 'claim', key, reportId: 'r-2', holderActive: true })
      .thenThrows('STATISTICS.ALREADY_SUBMITTED');
  });

  it('passes the slot on once the holder is withdrawn or rejected', () => {
    spec
      .given([claimed('r-1', null)])
      .when({ type: 'claim', key, reportId: 'r-2', holderActive: false })
      .then([claimed('r-2', 'r-1')]);
  });

  it('writes nothing when the holder claims again (a retried request)', () => {
    spec
      .given([claimed('r-1', null)])
      .when({ type: 'claim', key, reportId: 'r-1', holderActive: true })
      .then([]);
  });
});
