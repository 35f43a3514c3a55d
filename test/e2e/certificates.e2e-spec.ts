import { Client } from 'pg';
import { comparePositions } from '@ce/event-store';
import type { Problem, Session } from '../support/api-client';
import {
  type IssuedCertificate,
  type Verification,
  certificatePath,
  downloadCertificate,
  eventually,
  pdfText,
} from '../support/certificates';
import {
  type ClaimInput,
  type Ledger,
  type TaskOutcome,
  type TestSystem,
  type Yantai,
  buildYantai,
  claim,
  seedApproved,
  startTestSystem,
  submitClaim,
} from '../support/yantai';

/**
 * 继续教育合格证明 end to end over HTTP on PostgreSQL: issuing only for a compliant year (and
 * idempotently), the PDF, the public verification page, and the process manager that voids a
 * certificate when a revoked claim leaves its year short. The clock stands at 2020-09-01 in Yantai;
 * 王芳's claims go unit → department (芝罘区教育局) → district (芝罘区人社局).
 */

interface AuditStream {
  readonly streamId: string;
  readonly events: readonly {
    type: string;
    data: Record<string, unknown>;
    metadata: Record<string, unknown>;
  }[];
}

const YEAR = 2020;
const HTML = { accept: 'text/html' };

describe('completion certificates (继续教育合格证明)', () => {
  let system: TestSystem;
  let y: Yantai;
  let anonymous: Session;
  let wang: string;
  /** 王芳's approved 2020 claims. */
  const claims: Record<string, string> = {};
  let certificate: IssuedCertificate;

  const chain = (): Session[] => [y.users.unitAdmin, y.users.departmentReviewer, y.users.districtReviewer];
  const approve = async (inputs: Record<string, ClaimInput>): Promise<void> => {
    const ids = await seedApproved(y.users.wang, Object.values(inputs), chain());
    Object.keys(inputs).forEach((name, i) => (claims[name] = ids[i] ?? ''));
  };
  const ledger = async (personId: string, year = YEAR): Promise<Ledger> =>
    (await y.users.admin.getFresh(`/api/v1/persons/${personId}/years/${year}`)).expectStatus<Ledger>(200);
  const verifyJson = async (code: string): Promise<Verification> =>
    (await anonymous.getFresh(`/verify/${code}`)).expectStatus<Verification>(200);
  const certificateStream = async (personId: string, year = YEAR): Promise<AuditStream> =>
    (
      await y.users.admin.get(
        `/api/v1/audit/streams/${encodeURIComponent(`completion-certificate-${personId}-${year}`)}`,
      )
    ).expectStatus<AuditStream>(200);
  const revoke = async (claimId: string, reason: string): Promise<TaskOutcome> =>
    (
      await y.users.districtReviewer.post(`/api/v1/hour-claims/${claimId}/revoke`, { reason })
    ).expectStatus<TaskOutcome>(200);

  beforeAll(async () => {
    system = await startTestSystem('certificates');
    y = await buildYantai(system, 'cert');
    anonymous = system.api.anonymous();
    wang = y.people.wang;
  }, 120_000);

  afterAll(async () => {
    await system?.close();
  });

  it('refuses a year short of hours with 422, naming the shortfall in Chinese', async () => {
    await approve({
      public20: claim(wang, { subject: 'public', hours: 20 }),
      public10: claim(wang, { subject: 'public', hours: 10 }),
      professional40: claim(wang, { subject: 'professional', hours: 40 }),
    });
    expect((await ledger(wang)).status).toBe('in_progress');
    const response = await y.users.wang.post(certificatePath(wang, YEAR));
    const problem = response.expectProblem(422, 'CERTIFICATE.YEAR_NOT_COMPLIANT') as Problem & {
      shortfall: Ledger['shortfall'];
    };
    expect(problem.shortfall).toEqual({ public: 0, professional: 20, total: 20 });
    expect(problem.detail).toContain('专业科目还差20学时');
  });

  it('issues the certificate of a compliant year: 201 { code, url }, and the same code while it is valid', async () => {
    await approve({
      professional20: claim(wang, { subject: 'professional', hours: 20 }),
      professional10: claim(wang, { subject: 'professional', hours: 10 }),
    });
    const year = await ledger(wang);
    expect(year).toMatchObject({
      publicHours: 30,
      professionalHours: 70,
      totalHours: 100,
      status: 'compliant',
    });

    certificate = (await y.users.wang.post(certificatePath(wang, YEAR))).expectStatus<IssuedCertificate>(201);
    expect(certificate.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(certificate.url).toBe(`${system.api.baseUrl.replace(/\/$/, '')}/verify/${certificate.code}`);
    expect(certificate).toMatchObject({
      status: 'valid',
      year: YEAR,
      publicHours: 30,
      professionalHours: 70,
      totalHours: 100,
    });

    // Idempotent: asking again (the person, or their unit admin) names the same certificate.
    const again = (await y.users.wang.post(certificatePath(wang, YEAR))).expectStatus<IssuedCertificate>(200);
    expect(again.code).toBe(certificate.code);
    expect(again.url).toBe(certificate.url);
    const byAdmin = (
      await y.users.unitAdmin.post(certificatePath(wang, YEAR))
    ).expectStatus<IssuedCertificate>(200);
    expect(byAdmin.code).toBe(certificate.code);

    const stream = await certificateStream(wang);
    expect(stream.events.map((e) => e.type)).toEqual(['certificate.issued.v1']);
    expect(stream.events[0]?.data).toMatchObject({
      code: certificate.code,
      personId: wang,
      year: YEAR,
      name: '王芳',
      unitName: '芝罘区青少年校外活动中心',
      publicHours: 30,
      professionalHours: 70,
      totalHours: 100,
      issuedBy: y.users.wang.userId,
    });
  });

  it('lets only those who may see the person issue or download (others get 404 as for the ledger)', async () => {
    for (const outsider of [y.users.hospitalAdmin, y.users.schoolAdmin, y.users.li, y.users.fushanReviewer]) {
      (await outsider.post(certificatePath(wang, YEAR))).expectProblem([403, 404]);
      const download = await downloadCertificate(system.api.baseUrl, outsider.token, wang, YEAR);
      expect([403, 404]).toContain(download.status);
    }
    (await anonymous.post(certificatePath(wang, YEAR))).expectProblem(401);
    // Staff whose jurisdiction includes the unit may download it.
    const byDepartment = await downloadCertificate(
      system.api.baseUrl,
      y.users.departmentReviewer.token,
      wang,
      YEAR,
    );
    expect(byDepartment.status).toBe(200);
    // A year without a certificate has nothing to download.
    const none = await downloadCertificate(system.api.baseUrl, y.users.wang.token, wang, 2019);
    expect(none.status).toBe(404);
  });

  it('renders the certificate as a PDF with the title, the name, the hours, the code and the verify URL', async () => {
    const download = await downloadCertificate(system.api.baseUrl, y.users.wang.token, wang, YEAR);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('application/pdf');
    expect(download.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(download.body);
    const person = (await y.users.wang.get(`/api/v1/persons/${wang}`)).expectStatus<{
      idNumberMasked: string;
    }>(200);
    for (const expected of [
      '专业技术人员继续教育合格证明',
      '王芳',
      person.idNumberMasked,
      '芝罘区青少年校外活动中心',
      '30 学时',
      '70 学时',
      '100 学时',
      '烟台市人力资源和社会保障局',
      '2020年9月1日',
      certificate.code,
      certificate.url,
    ]) {
      expect(text).toContain(expected);
    }
    expect(person.idNumberMasked).toMatch(/^370602\*{8}\d{3}[\dX]$/);
    expect(text).not.toContain('已作废');
  });

  it('verifies the code publicly: an HTML page with 证书有效 and the masked name, or JSON', async () => {
    const page = await anonymous.getFresh(`/verify/${certificate.code}`, { headers: HTML });
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    expect(page.contentType).toContain('utf-8');
    const html = page.body as string;
    expect(html).toContain('证书有效');
    expect(html).toContain('王*');
    expect(html).not.toContain('王芳');
    expect(html).toContain('芝罘区青少年校外活动中心');
    expect(html).toContain('100学时');

    const json = await verifyJson(certificate.code);
    expect(json).toMatchObject({
      valid: true,
      year: YEAR,
      totalHours: 100,
      nameMasked: '王*',
      unitName: '芝罘区青少年校外活动中心',
    });
    expect(JSON.stringify(json)).not.toContain('王芳');

    // Typed by hand: lower case, spaces instead of dashes.
    const typed = certificate.code.toLowerCase().replace(/-/g, ' ');
    expect((await verifyJson(encodeURIComponent(typed))).code).toBe(certificate.code);
  });

  it('answers 404 for an unknown code, as a page or as problem+json', async () => {
    const unknown = await anonymous.get('/verify/0000-0000-0000-0000', { headers: HTML });
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('text/html');
    expect(unknown.body as string).toContain('未找到该证书');
    (await anonymous.get('/verify/0000-0000-0000-0000')).expectProblem(404, 'CERTIFICATE.NOT_FOUND');
    (await anonymous.get('/verify/not-a-code')).expectProblem(404, 'CERTIFICATE.NOT_FOUND');
  });

  it('keeps the certificate valid when a revoked claim leaves the year compliant', async () => {
    const revoked = await revoke(claims.professional10 ?? '', '重复登记');
    expect(revoked.status).toBe('revoked');
    // Read after the revocation: every projection, the process manager's included, has handled it.
    await anonymous.get(`/verify/${certificate.code}`, { after: revoked.position });
    expect(await ledger(wang)).toMatchObject({ professionalHours: 60, totalHours: 90, status: 'compliant' });
    expect((await certificateStream(wang)).events.map((e) => e.type)).toEqual(['certificate.issued.v1']);
    expect((await verifyJson(certificate.code)).valid).toBe(true);
  });

  it('voids the certificate when a revoked claim leaves the year short, naming the claim', async () => {
    await revoke(claims.professional20 ?? '', '证书系伪造');
    await eventually('the certificate is void', async () => !(await verifyJson(certificate.code)).valid);
    const json = await verifyJson(certificate.code);
    expect(json.status).toBe('revoked');
    expect(json.revokedAt).toMatch(/^2020-09-01T/);
    expect(json.revokedReason).toContain('专业科目还差20学时');
    expect(json.revokedReason).not.toContain('证书系伪造'); // the reviewer's words stay on the record

    const stream = await certificateStream(wang);
    expect(stream.events.map((e) => e.type)).toEqual(['certificate.issued.v1', 'certificate.revoked.v1']);
    const revokedEvent = stream.events[1];
    expect(revokedEvent?.data).toMatchObject({
      code: certificate.code,
      causedBy: { claimId: claims.professional20 },
      claimReason: '证书系伪造',
      shortfall: { public: 0, professional: 20, total: 20 },
    });
    // Caused by the claim's revocation event, and on record as the process manager's doing.
    const causedBy = revokedEvent?.data.causedBy as { eventId: string };
    expect(causedBy.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(revokedEvent?.metadata).toMatchObject({
      actor: { userId: 'system:certificate-process' },
      causationId: causedBy.eventId,
    });

    const page = await anonymous.get(`/verify/${certificate.code}`, { headers: HTML });
    expect(page.body as string).toContain('证书已作废');
    expect(page.body as string).not.toContain('证书有效');

    // The PDF is still served, stamped 已作废.
    const download = await downloadCertificate(system.api.baseUrl, y.users.wang.token, wang, YEAR);
    expect(download.status).toBe(200);
    expect(download.headers.get('x-certificate-status')).toBe('revoked');
    expect(await pdfText(download.body)).toContain('已作废');

    // Short again: no certificate until the year is compliant once more.
    (await y.users.wang.post(certificatePath(wang, YEAR))).expectProblem(
      422,
      'CERTIFICATE.YEAR_NOT_COMPLIANT',
    );
  });

  it('issues a new code once the year is compliant again; the voided code stays void', async () => {
    await approve({ professional20b: claim(wang, { subject: 'professional', hours: 20 }) });
    const renewed = (await y.users.wang.post(certificatePath(wang, YEAR))).expectStatus<IssuedCertificate>(
      201,
    );
    expect(renewed.code).not.toBe(certificate.code);
    expect(renewed.totalHours).toBe(90);
    expect((await verifyJson(renewed.code)).valid).toBe(true);
    expect((await verifyJson(certificate.code)).valid).toBe(false);
    const download = await downloadCertificate(system.api.baseUrl, y.users.wang.token, wang, YEAR);
    expect(download.headers.get('x-certificate-code')).toBe(renewed.code);
    expect(download.headers.get('x-certificate-status')).toBe('valid');
  });

  it('voids only the certificate of the revoked claim: other years and other people keep theirs', async () => {
    // 王芳's make-up year 2019 and 李强's 2020, each certified.
    const makeUp = { makeUpForYear: 2019 };
    const wang2019 = await seedApproved(
      y.users.wang,
      [
        claim(wang, { subject: 'public', hours: 30, ...makeUp }),
        claim(wang, { subject: 'professional', hours: 60, ...makeUp }),
      ],
      chain(),
    );
    const li = y.people.li;
    await seedApproved(
      y.users.li,
      [claim(li, { subject: 'public', hours: 30 }), claim(li, { subject: 'professional', hours: 60 })],
      chain(),
    );
    const wangCertificate2019 = (
      await y.users.wang.post(certificatePath(wang, 2019))
    ).expectStatus<IssuedCertificate>(201);
    const liCertificate = (await y.users.li.post(certificatePath(li, YEAR))).expectStatus<IssuedCertificate>(
      201,
    );
    expect(liCertificate.code).not.toBe(wangCertificate2019.code);
    expect((await verifyJson(liCertificate.code)).nameMasked).toBe('李*');

    // Revoking 王芳's 2020 public claim voids her 2020 certificate only.
    const current2020 = (
      await y.users.wang.post(certificatePath(wang, YEAR))
    ).expectStatus<IssuedCertificate>(200);
    await revoke(claims.public10 ?? '', '培训未实际参加');
    await eventually('the 2020 certificate is void', async () => !(await verifyJson(current2020.code)).valid);
    expect((await verifyJson(wangCertificate2019.code)).valid).toBe(true);
    expect((await verifyJson(liCertificate.code)).valid).toBe(true);

    // Revoking a 2019 claim voids the 2019 certificate (a closed year short of hours).
    await revoke(wang2019[0] ?? '', '证书系伪造');
    await eventually(
      'the 2019 certificate is void',
      async () => !(await verifyJson(wangCertificate2019.code)).valid,
    );
    expect((await ledger(wang, 2019)).status).toBe('non_compliant');
    expect((await verifyJson(liCertificate.code)).valid).toBe(true);
  });
  it('replays claim revocations without voiding anything twice (the process manager is idempotent)', async () => {
    const streams = [
      [wang, YEAR],
      [wang, 2019],
      [y.people.li, YEAR],
    ] as const;
    const history = async () =>
      Promise.all(
        streams.map(async ([person, year]) =>
          (await certificateStream(person, year)).events.map((e) => e.type),
        ),
      );
    const before = await history();
    expect(before[0]).toEqual([
      'certificate.issued.v1',
      'certificate.revoked.v1',
      'certificate.issued.v1',
      'certificate.revoked.v1',
    ]);

    const sql = new Client({ connectionString: system.database.url });
    await sql.connect();
    try {
      const checkpoint = async () =>
        (
          await sql.query<{ position: string | null }>(
            `SELECT position FROM projection_checkpoints WHERE name = 'certificate-revocation-process'`,
          )
        ).rows[0]?.position ?? null;
      const target = await checkpoint();
      await sql.query(`DELETE FROM pm_certificate_revocations`);
      await sql.query(
        `UPDATE projection_checkpoints SET position = NULL WHERE name = 'certificate-revocation-process'`,
      );
      // A new event makes the running process notice its checkpoint moved; it then starts over from null.
      await submitClaim(y.users.wang, claim(wang, { subject: 'public', hours: 5 }));
      await eventually('the process manager has replayed $all', async () => {
        const position = await checkpoint();
        return position !== null && comparePositions(position, target) > 0;
      });
      const outcomes = await sql.query<{ outcome: string }>(
        `SELECT outcome FROM pm_certificate_revocations ORDER BY position`,
      );
      expect(outcomes.rows.map((r) => r.outcome)).toEqual([
        'certificate_not_valid', // 重复登记 (the year stayed compliant then; its certificate is void by now)
        'already_revoked', // 证书系伪造
        'already_revoked', // 培训未实际参加
        'already_revoked', // the 2019 claim
      ]);
    } finally {
      await sql.end();
    }
    expect(await history()).toEqual(before);
  });
});
