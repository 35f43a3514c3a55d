import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Certificate } from './domain/certificate.decider';
import { chineseDate } from './domain/chinese-date';

/** What the PDF prints: the certificate as issued, where to verify it, and whether it was voided. */
export interface CertificatePdfInput {
  readonly certificate: Certificate;
  /** `<public base>/verify/<code>` */
  readonly verifyUrl: string;
}

const FONT = 'NotoSansSC';
let fontData: Buffer | undefined;

/** Noto Sans SC (10 MB) is read once per process; pdfkit embeds only the glyphs a document uses. */
export function chineseFont(): Buffer {
  fontData ??= readFileSync(
    require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  );
  return fontData;
}

const formatHours = (n: number): string => `${n} 学时`;

const A4_WIDTH = 595.28;
const A4_HEIGHT = 841.89;
const MARGIN = 56;
const INK = '#1a1a1a';
const RED = '#c0161c';

/** 专业技术人员继续教育合格证明, A4 portrait, as a PDF buffer. */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const { certificate: c, verifyUrl } = input;
  const qr = await QRCode.toBuffer(verifyUrl, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 240,
  });
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `专业技术人员继续教育合格证明（${c.year}年度）`,
      Author: c.issuerName,
      Subject: `验证码 ${c.code}`,
      CreationDate: new Date(c.issuedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont(FONT, chineseFont());
  doc.font(FONT).fillColor(INK);
  const contentWidth = A4_WIDTH - 2 * MARGIN;

  // Frame.
  doc
    .lineWidth(2)
    .strokeColor('#8b1a1a')
    .rect(28, 28, A4_WIDTH - 56, A4_HEIGHT - 56)
    .stroke();
  doc
    .lineWidth(0.6)
    .rect(34, 34, A4_WIDTH - 68, A4_HEIGHT - 68)
    .stroke();

  doc.fontSize(24).text('专业技术人员继续教育合格证明', MARGIN, 92, { width: contentWidth, align: 'center' });
  doc.moveDown(0.3).fontSize(14).text(`（${c.year}年度）`, { width: contentWidth, align: 'center' });

  // The particulars, one labelled line each.
  const rows: [string, string][] = [
    ['姓\u3000\u3000名', c.name],
    ['身份证号', c.idNumberMasked || '—'],
    ['工作单位', c.unitName],
    ['培训年度', `${c.year}年`],
    ['公需科目', formatHours(c.publicHours)],
    ['专业科目', formatHours(c.professionalHours)],
    ['总 学 时', formatHours(c.totalHours)],
  ];
  let y = 190;
  const labelX = MARGIN + 40;
  const valueX = labelX + 100;
  doc.fontSize(13);
  for (const [label, value] of rows) {
    doc.text(`${label}：`, labelX, y, { width: 100 });
    doc.text(value, valueX, y, { width: contentWidth - (valueX - MARGIN) - 20 });
    y = Math.max(y + 28, doc.y + 10);
    doc
      .lineWidth(0.4)
      .strokeColor('#999999')
      .moveTo(valueX, y - 9)
      .lineTo(A4_WIDTH - MARGIN - 40, y - 9)
      .stroke();
  }

  /** 全角空格: the two-character indent of a Chinese paragraph. */
  const indent = '\u3000\u3000';
  const statement =
    `${indent}兹证明${c.name}同志于${c.year}年度参加专业技术人员继续教育，经审验，累计完成${c.totalHours}学时，` +
    `其中公需科目${c.publicHours}学时、专业科目${c.professionalHours}学时，达到每年不少于${c.requirement.total}学时` +
    `（公需科目不少于${c.requirement.public}学时、专业科目不少于${c.requirement.professional}学时）的规定，继续教育合格。` +
    `\n${indent}特此证明。`;
  doc.fontSize(13).text(statement, MARGIN + 20, y + 16, { width: contentWidth - 40, lineGap: 8 });

  // Issuing authority and date, right-aligned above the verification block.
  const signY = Math.max(doc.y + 36, 560);
  doc.fontSize(14).text(c.issuerName, MARGIN, signY, { width: contentWidth - 20, align: 'right' });
  doc.fontSize(13).text(`出证日期：${chineseDate(c.issuedAt)}`, MARGIN, signY + 28, {
    width: contentWidth - 20,
    align: 'right',
  });

  // Verification: the QR code, the code and the URL it encodes.
  const qrSize = 96;
  const qrY = A4_HEIGHT - MARGIN - qrSize - 24;
  doc.image(qr, MARGIN + 10, qrY, { width: qrSize, height: qrSize });
  const textX = MARGIN + 10 + qrSize + 16;
  const textWidth = A4_WIDTH - MARGIN - textX - 10;
  doc.fontSize(12).text(`验证码：${c.code}`, textX, qrY + 6, { width: textWidth });
  doc
    .fontSize(10)
    .fillColor('#333333')
    .text('扫描二维码或访问以下网址核验本证明真伪：', textX, qrY + 32, {
      width: textWidth,
    });
  doc
    .fillColor('#0b3d91')
    .text(verifyUrl, textX, qrY + 50, { width: textWidth, link: verifyUrl, underline: false });
  doc.fillColor(INK);

  if (c.status === 'revoked') {
    // 作废 stamp across the page and the reason in plain words.
    doc.save();
    doc.rotate(-28, { origin: [A4_WIDTH / 2, 400] });
    doc.lineWidth(4).strokeColor(RED).fillColor(RED).opacity(0.8);
    doc.roundedRect(A4_WIDTH / 2 - 150, 350, 300, 100, 12).stroke();
    doc.fontSize(64).text('已作废', A4_WIDTH / 2 - 150, 360, { width: 300, align: 'center' });
    doc.restore();
    doc
      .fillColor(RED)
      .fontSize(11)
      .text(`本证明已于${chineseDate(c.revoked.revokedAt)}作废：${c.revoked.reason}`, MARGIN + 10, qrY - 40, {
        width: contentWidth - 20,
      });
    doc.fillColor(INK);
  }

  doc.end();
  return finished;
}
