import {
  type CertificateVerification,
  escapeHtml,
  renderNotFoundPage,
  renderVerificationPage,
} from './verify-page';

const valid: CertificateVerification = {
  valid: true,
  status: 'valid',
  code: '7K3M-9QXA-2F8R-WD5N',
  year: 2020,
  nameMasked: '王*',
  unitName: '芝罘区青少年校外活动中心',
  issuerName: '烟台市人力资源和社会保障局',
  publicHours: 30,
  professionalHours: 60,
  totalHours: 90,
  issuedAt: '2020-09-01T01:00:00.000Z',
};

describe('the verification page', () => {
  it('says 证书有效 and shows the masked name, the year, the hours, the unit and the issue date', () => {
    const html = renderVerificationPage(valid);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta charset="utf-8">');
    for (const text of [
      '证书有效',
      '王*',
      '2020年',
      '90学时',
      '芝罘区青少年校外活动中心',
      '2020年9月1日',
      '7K3M-9QXA-2F8R-WD5N',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain('证书已作废');
    // Self-contained: no scripts, no external assets.
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
  });

  it('says 证书已作废 with the date and reason of the revocation', () => {
    const html = renderVerificationPage({
      ...valid,
      valid: false,
      status: 'revoked',
      revokedAt: '2020-10-08T02:00:00.000Z',
      revokedReason: '所依据的学时登记已被撤销',
    });
    expect(html).toContain('证书已作废');
    expect(html).toContain('2020年10月8日');
    expect(html).toContain('所依据的学时登记已被撤销');
    expect(html).not.toContain('证书有效');
  });

  it('escapes every value it prints', () => {
    const html = renderVerificationPage({ ...valid, unitName: '<script>alert("x")</script>&' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(renderNotFoundPage('<img src=x>')).toContain('&lt;img src=x&gt;');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('says 未找到该证书 for an unknown code', () => {
    const html = renderNotFoundPage('0000-0000-0000-0000');
    expect(html).toContain('未找到该证书');
    expect(html).not.toContain('证书有效');
  });
});
