import {
  Controller,
  Get,
  Inject,
  Injectable,
  Param,
  ParseUUIDPipe,
  type PipeTransform,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, commandContext } from '@ce/identity';
import { type Actor, CLOCK, type Clock, InvalidInputError, NotFoundError } from '@ce/kernel';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import type { Request, Response } from 'express';
import { CertificatesService } from '../certificates.service';
import { renderNotFoundPage, renderVerificationPage } from '../verify-page';

@Injectable()
class ParseYearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = Number(value);
    if (!/^\d{4}$/.test(value) || year < 2000 || year > 2100) {
      throw new InvalidInputError('REQUEST.INVALID_YEAR', '年度无效', [
        { field: 'year', message: 'a year from 2000 to 2100' },
      ]);
    }
    return year;
  }
}

/** Where the public verification page lives: CE_PUBLIC_URL, else the address this request came to. */
export function publicBaseUrl(config: Pick<AppConfig, 'CE_PUBLIC_URL'>, request: Request): string {
  const base = config.CE_PUBLIC_URL ?? `${request.protocol}://${request.get('host') ?? 'localhost'}`;
  return base.replace(/\/+$/, '');
}

export const verifyUrl = (base: string, code: string): string => `${base}/verify/${code}`;

/** A person's 继续教育合格证明 of a year: issue it (POST) and download it as a PDF (GET). */
@ApiTags('certificates')
@ApiBearerAuth()
@Controller('api/v1/persons')
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 201 `{ code, url }` for a new certificate, 200 with the same body while one is valid; 422 for a year short of hours. */
  @Post(':id/years/:year/certificate')
  async issue(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('year', new ParseYearPipe()) year: number,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, certificate, position } = await this.certificates.issue(
      id,
      year,
      commandContext(actor, this.clock, req),
    );
    res.status(created ? 201 : 200);
    return {
      code: certificate.code,
      url: verifyUrl(publicBaseUrl(this.config, req), certificate.code),
      status: certificate.status,
      year: certificate.year,
      publicHours: certificate.publicHours,
      professionalHours: certificate.professionalHours,
      totalHours: certificate.totalHours,
      issuedAt: certificate.issuedAt,
      position,
    };
  }

  /** The year's certificate as an A4 PDF; a voided one is still served, stamped 已作废. */
  @Get(':id/years/:year/certificate')
  @ApiProduces('application/pdf')
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('year', new ParseYearPipe()) year: number,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const certificate = await this.certificates.current(id, year, actor);
    const pdf = await this.certificates.pdf(
      certificate,
      verifyUrl(publicBaseUrl(this.config, req), certificate.code),
    );
    res.setHeader('X-Certificate-Code', certificate.code);
    res.setHeader('X-Certificate-Status', certificate.status);
    res.setHeader('Cache-Control', 'private, no-store');
    const filename = `继续教育合格证明-${year}-${certificate.code}.pdf`;
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      length: pdf.length,
      disposition: `inline; filename="certificate-${year}-${certificate.code}.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
  }
}

/**
 * The public verification page (no login): what the QR code on a certificate opens. HTML by default,
 * `{ valid, year, totalHours, nameMasked, unitName, ... }` with `Accept: application/json`.
 */
@ApiTags('certificates')
@Public()
@Controller('verify')
export class VerifyController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get(':code')
  @ApiProduces('text/html', 'application/json')
  async verify(@Param('code') code: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const found = await this.certificates.verify(code);
    // A certificate can be voided at any time: never serve a remembered answer.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex');
    if (req.accepts(['text/html', 'application/json']) === 'application/json') {
      if (!found) throw new NotFoundError('CERTIFICATE.NOT_FOUND', '未找到该证书');
      return found;
    }
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.status(found ? 200 : 404).type('text/html; charset=utf-8');
    return found ? renderVerificationPage(found) : renderNotFoundPage(code);
  }
}
