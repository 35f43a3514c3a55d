import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
/**
 * The text of a PDF, extracted with pdf-parse (pdf.js) in a child Node process: pdf.js loads its
 * worker with a dynamic import(), which jest's module sandbox refuses ("A dynamic import callback
 * was invoked without --experimental-vm-modules").
 */
export function pdfText(pdf: Buffer): Promise<string> {
  const script = `
    const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      try {
        process.stdout.write((await parser.getText()).text);
      } finally {
        await parser.destroy();
      }
    });`;
  return new Promise((done, fail) => {
    const child = execFile(
      process.execPath,
      ['-e', script],
      { cwd: resolve(__dirname, '../..'), maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) =>
        error ? fail(new Error(`pdf-parse failed: ${stderr || error.message}`)) : done(stdout),
    );
    child.stdin?.end(pdf);
  });
}

/** What POST /api/v1/persons/{id}/years/{year}/certificate answers. */
export interface IssuedCertificate {
  readonly code: string;
  readonly url: string;
  readonly status: 'valid' | 'revoked';
  readonly year: number;
  readonly publicHours: number;
  readonly professionalHours: number;
  readonly totalHours: number;
  readonly issuedAt: string;
  readonly position: string | null;
}

/** What GET /verify/{code} answers with `Accept: application/json`. */
export interface Verification {
  readonly valid: boolean;
  readonly status: 'valid' | 'revoked';
  readonly code: string;
  readonly year: number;
  readonly totalHours: number;
  readonly publicHours: number;
  readonly professionalHours: number;
  readonly nameMasked: string;
  readonly unitName: string;
  readonly issuerName: string;
  readonly issuedAt: string;
  readonly revokedAt?: string;
  readonly revokedReason?: string;
}

export const certificatePath = (personId: string, year: number): string =>
  `/api/v1/persons/${personId}/years/${year}/certificate`;

/** The certificate PDF, as bytes (the JSON client would mangle them). */
export async function downloadCertificate(
  baseUrl: string,
  token: string | null,
  personId: string,
  year: number,
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await fetch(new URL(certificatePath(personId, year), baseUrl), {
    headers: { accept: 'application/pdf', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** Polls `check` until it answers true (e.g. a process manager has acted), failing after `timeoutMs`. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
