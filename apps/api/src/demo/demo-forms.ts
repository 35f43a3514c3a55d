import type { ApprovalSubject } from '@ce/approval';
import {
  type CertificatesService,
  chineseFont,
  KNOWLEDGE_UPDATE_FIELDS,
  MAJOR_STRATEGY_GROUPS,
  type StatisticsForm,
  type StatisticsReportsService,
  type TrainingPlansService,
  statisticsReportStream,
  trainingPlanStream,
} from '@ce/forms';
import type { Actor } from '@ce/kernel';
import PDFDocument from 'pdfkit';

export interface DemoFormServices {
  readonly statistics: StatisticsReportsService;
  readonly plans: TrainingPlansService;
  readonly certificates: CertificatesService;
  /** Resolves once the ledger read model has caught up with everything written so far. */
  readonly ledgersCaughtUp: () => Promise<void>;
}

export interface DemoForms {
  /** District bureaus (and their reviewers) in the demo's order; the first ones file their forms. */
  readonly districts: readonly { orgId: string; name: string; reviewer: Actor }[];
  readonly cityReviewer: Actor;
  /** Professionals whose certificate of the year is issued (compliant ones; others are left out). */
  readonly certificateHolders: readonly { personId: string; actor: Actor }[];
  readonly now: Date;
}

export interface DemoFormsSummary {
  statisticsReports: number;
  trainingPlans: number;
  certificates: number;
}

/** A deterministic count for a demo cell: varies with the district, field and column. */
const count = (district: number, field: number, column: number, scale: number): number =>
  ((district + 3) * 37 + field * 53 + column * 19) % scale;

function knowledgeUpdateRows(district: number) {
  return KNOWLEDGE_UPDATE_FIELDS.map((field, i) => ({
    field,
    thisYear: {
      urgentTalent: count(district, i, 1, 60),
      jobTraining: count(district, i, 2, 400),
      overseas: count(district, i, 3, 4),
    },
    nextYear: {
      urgentTalent: count(district, i, 4, 70),
      jobTraining: count(district, i, 5, 450),
      overseas: count(district, i, 6, 5),
    },
  }));
}

function majorStrategyRows(district: number) {
  return MAJOR_STRATEGY_GROUPS.flatMap((g, gi) =>
    g.fields.map((field, fi) => {
      const i = gi * 10 + fi;
      const total = count(district, i, 1, 300);
      const next = count(district, i, 2, 320);
      return {
        group: g.group,
        field,
        thisYear: { total, nonPublic: Math.floor(total * 0.4) },
        nextYear: { total: next, nonPublic: Math.floor(next * 0.45) },
      };
    }),
  );
}

/** A one-page stamped-plan stand-in: the district's 2020 training plan as a PDF. */
async function planPdf(districtName: string, year: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 72 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('cjk', chineseFont());
  doc.font('cjk').fontSize(20).text(`${districtName}`, { align: 'center' });
  doc.moveDown().fontSize(18).text(`${year}年度专业技术人员继续教育培训方案`, { align: 'center' });
  doc
    .moveDown(2)
    .fontSize(12)
    .text(
      '一、指导思想　二、培训对象　三、培训内容（公需科目、专业科目）　四、组织实施　五、保障措施。' +
        '（演示数据：系统自动生成的示例文件。）',
      { lineGap: 6 },
    );
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** The city bureau approves the open step of a subject (the only step of these chains). */
async function approveByCity(
  subject: ApprovalSubject & { load(id: string): Promise<{ flow: { activation: number } }> },
  id: string,
  streamId: string,
  city: Actor,
): Promise<void> {
  const state = await subject.load(id);
  await subject.execute(streamId, { type: 'approve', activation: state.flow.activation }, city);
}

/**
 * The official forms of the demo: 2019 statistics (附件3, 附件4) of the first districts, all approved;
 * 2020 training plans of some districts (two approved, the others waiting for the city); and the
 * certificates of the compliant professionals with an account.
 */
export async function seedDemoForms(services: DemoFormServices, demo: DemoForms): Promise<DemoFormsSummary> {
  const summary: DemoFormsSummary = { statisticsReports: 0, trainingPlans: 0, certificates: 0 };
  const forms: [StatisticsForm, (d: number) => unknown][] = [
    ['knowledge_update', knowledgeUpdateRows],
    ['major_strategy', majorStrategyRows],
  ];
  for (const [i, district] of demo.districts.slice(0, 8).entries()) {
    const ctx = { actor: district.reviewer, now: demo.now };
    for (const [form, rows] of forms) {
      const { id } = await services.statistics.submit(
        { year: 2019, orgId: district.orgId, form, fundingWan: 20 + i * 7.5, rows: rows(i) },
        ctx,
      );
      await approveByCity(services.statistics, id, statisticsReportStream(id), demo.cityReviewer);
      summary.statisticsReports++;
    }
  }
  for (const [i, district] of demo.districts.slice(0, 5).entries()) {
    const bytes = await planPdf(district.name, 2020);
    const { id } = await services.plans.submit(
      {
        originalname: `${district.name}2020年度继续教育培训方案.pdf`,
        mimetype: 'application/pdf',
        size: bytes.length,
        buffer: bytes,
      },
      { year: 2020, orgId: district.orgId },
      { actor: district.reviewer, now: demo.now },
    );
    if (i < 2) await approveByCity(services.plans, id, trainingPlanStream(id), demo.cityReviewer);
    summary.trainingPlans++;
  }
  for (const holder of demo.certificateHolders) {
    await services.certificates.issue(holder.personId, 2020, { actor: holder.actor, now: demo.now });
    summary.certificates++;
  }
  return summary;
}
