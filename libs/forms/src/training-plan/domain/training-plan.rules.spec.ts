import { DEFAULT_FILE_NAME, isPdf, isPdfContentType, owesPlan, planFileName } from './training-plan.rules';

const bytes = (text: string, prefix: number[] = []) =>
  Uint8Array.from([...prefix, ...Buffer.from(text, 'latin1')]);
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('what counts as a PDF', () => {
  it('accepts bytes that start with the header %PDF- and a version', () => {
    expect(isPdf(bytes('%PDF-1.4\n%âãÏÓ\n1 0 obj'))).toBe(true);
    expect(isPdf(bytes('%PDF-2.0\n'))).toBe(true);
  });

  it('refuses other bytes: a PNG (even one with %PDF- inside), text, a late header, no version, too few bytes', () => {
    expect(isPdf(bytes('%PDF-1.4', PNG))).toBe(false);
    expect(isPdf(bytes('hello, this is not a pdf'))).toBe(false);
    expect(isPdf(bytes(' %PDF-1.7\n'))).toBe(false);
    expect(isPdf(bytes('%PDF-x.y'))).toBe(false);
    expect(isPdf(bytes('%PDF-'))).toBe(false);
    expect(isPdf(new Uint8Array())).toBe(false);
  });

  it('lets through the declared types a PDF may come with, and refuses the others', () => {
    for (const type of ['application/pdf', 'APPLICATION/PDF; name=x.pdf', 'application/octet-stream', '']) {
      expect(isPdfContentType(type)).toBe(true);
    }
    expect(isPdfContentType(undefined)).toBe(true);
    for (const type of ['image/png', 'text/plain', 'application/zip', 'application/msword']) {
      expect(isPdfContentType(type)).toBe(false);
    }
  });
});

describe('the file name kept', () => {
  it('keeps a Chinese name, drops paths and control characters, ends in .pdf', () => {
    expect(planFileName('芝罘区2020年度培训方案.pdf')).toBe('芝罘区2020年度培训方案.pdf');
    expect(planFileName('C:\\fakepath\\方案.PDF')).toBe('方案.PDF');
    expect(planFileName('/tmp/x/"方案"\n.pdf')).toBe('方案.pdf');
    expect(planFileName('培训方案（盖章）')).toBe('培训方案（盖章）.pdf');
  });

  it('names a nameless file, and shortens a very long name keeping .pdf', () => {
    expect(planFileName(undefined)).toBe(DEFAULT_FILE_NAME);
    expect(planFileName('  ')).toBe(DEFAULT_FILE_NAME);
    const long = planFileName(`${'方'.repeat(300)}.pdf`);
    expect(long).toHaveLength(120);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});

describe('who owes a plan', () => {
  it('is a district bureau or a department directly under the city, not a district’s department or a unit', () => {
    expect(owesPlan({ orgId: 'd', name: '芝罘区人社局', kind: 'district', districtId: 'd' })).toBe(true);
    expect(owesPlan({ orgId: 'h', name: '市卫健委', kind: 'department', districtId: null })).toBe(true);
    expect(owesPlan({ orgId: 'e', name: '芝罘区教育局', kind: 'department', districtId: 'd' })).toBe(false);
    expect(owesPlan({ orgId: 'u', name: '实验中学', kind: 'unit', districtId: 'd' })).toBe(false);
  });
});
