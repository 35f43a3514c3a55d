import { pdfText } from '../../../../test/support/certificates';
import { renderCertificatePdf } from './certificate.pdf';
import type { Certificate } from './domain/certificate.decider';

const issued: Certificate = {
  status: 'valid',
  code: '7K3M-9QXA-2F8R-WD5N',
  personId: '0190a0c4-5b7e-7c3a-9d21-3f4e5a6b7c8d',
  year: 2020,
  name: '欧阳娜娜',
  idNumberMasked: '370602********1245',
  unitId: '0190a0c4-5b7e-7c3a-9d21-3f4e5a6b7c8e',
  unitName: '芝罘区青少年校外活动中心',
  issuerName: '烟台市人力资源和社会保障局',
  publicHours: 30,
  professionalHours: 62.5,
  totalHours: 92.5,
  requirement: { public: 30, professional: 60, total: 90 },
  claimIds: [],
  issuedAt: '2020-09-01T01:00:00.000Z',
  issuedBy: 'user-1',
};

describe('the certificate PDF', () => {
  it('prints the title, the person, the hours, the issuer, the date, the code and the verification URL', async () => {
    const pdf = await renderCertificatePdf({
      certificate: issued,
      verifyUrl: 'https://ce.example.cn/verify/7K3M-9QXA-2F8R-WD5N',
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The 10 MB font is subset to the glyphs used.
    expect(pdf.length).toBeLessThan(400_000);
    const text = await pdfText(pdf);
    for (const expected of [
      '专业技术人员继续教育合格证明',
      '欧阳娜娜',
      '370602********1245',
      '芝罘区青少年校外活动中心',
      '30 学时',
      '62.5 学时',
      '92.5 学时',
      '烟台市人力资源和社会保障局',
      '2020年9月1日',
      '7K3M-9QXA-2F8R-WD5N',
      'https://ce.example.cn/verify/7K3M-9QXA-2F8R-WD5N',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('已作废');
  });

  it('stamps a revoked certificate 已作废 and says when and why', async () => {
    const pdf = await renderCertificatePdf({
      certificate: {
        ...issued,
        status: 'revoked',
        revoked: {
          code: issued.code,
          reason: '所依据的学时登记已被撤销，2020年度学时不再达标（专业科目还差10学时）',
          claimReason: '证书造假',
          revokedAt: '2020-10-08T02:00:00.000Z',
          causedBy: { claimId: 'c', eventId: 'e' },
          shortfall: { public: 0, professional: 10, total: 0 },
        },
      },
      verifyUrl: 'https://ce.example.cn/verify/7K3M-9QXA-2F8R-WD5N',
    });
    const text = await pdfText(pdf);
    expect(text).toContain('已作废');
    expect(text).toContain('2020年10月8日');
    expect(text).toContain('所依据的学时登记已被撤销');
  });
});
