import { chineseDate } from './domain/chinese-date';

/** What anyone holding a code may learn about the certificate (GET /verify/{code}). */
export interface CertificateVerification {
  readonly valid: boolean;
  readonly status: 'valid' | 'revoked';
  readonly code: string;
  readonly year: number;
  readonly nameMasked: string;
  readonly unitName: string;
  readonly issuerName: string;
  readonly publicHours: number;
  readonly professionalHours: number;
  readonly totalHours: number;
  readonly issuedAt: string;
  readonly revokedAt?: string;
  readonly revokedReason?: string;
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (value: string | number): string =>
  String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

const STYLE = `
  body{margin:0;background:#f4f1ea;color:#1a1a1a;font:16px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans SC",sans-serif}
  main{max-width:560px;margin:32px auto;padding:28px 24px;background:#fff;border:1px solid #d8cfc0;border-radius:8px}
  h1{font-size:20px;margin:0 0 16px;text-align:center}
  .status{font-size:22px;font-weight:bold;text-align:center;padding:12px;border-radius:6px;margin:0 0 20px}
  .valid{color:#0f6b2f;background:#e3f4e8}.revoked{color:#a4161a;background:#fbe4e4}.unknown{color:#6b5a00;background:#fff6d6}
  dl{display:grid;grid-template-columns:7em 1fr;gap:6px 12px;margin:0}dt{color:#666}dd{margin:0;word-break:break-all}
  footer{margin-top:24px;font-size:13px;color:#777;text-align:center}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>专业技术人员继续教育合格证明核验</h1>
${body}
<footer>继续教育学时审验系统</footer>
</main>
</body>
</html>
`;
}

/** The verification page: 证书有效 / 证书已作废 with what the certificate says, in plain HTML. */
export function renderVerificationPage(v: CertificateVerification): string {
  const rows: [string, string][] = [
    ['验证码', v.code],
    ['姓名', v.nameMasked],
    ['工作单位', v.unitName],
    ['培训年度', `${v.year}年`],
    ['公需科目', `${v.publicHours}学时`],
    ['专业科目', `${v.professionalHours}学时`],
    ['总学时', `${v.totalHours}学时`],
    ['出证机关', v.issuerName],
    ['出证日期', chineseDate(v.issuedAt)],
    ...(v.revokedAt ? ([['作废日期', chineseDate(v.revokedAt)]] as [string, string][]) : []),
    ...(v.revokedReason ? ([['作废原因', v.revokedReason]] as [string, string][]) : []),
  ];
  const status = v.valid
    ? '<p class="status valid">证书有效</p>'
    : '<p class="status revoked">证书已作废</p>';
  const list = rows.map(([k, value]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n');
  return page(v.valid ? '证书有效' : '证书已作废', `${status}\n<dl>\n${list}\n</dl>`);
}

export function renderNotFoundPage(typed: string): string {
  return page(
    '未找到该证书',
    `<p class="status unknown">未找到该证书</p>
<p>没有与验证码“${escapeHtml(typed.slice(0, 40))}”对应的继续教育合格证明。请核对验证码（16 位字母和数字，不区分大小写）后重试。</p>`,
  );
}
