import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ce/kernel/nest';
import { DomainError } from '@ce/kernel';
import { type Observable, catchError, throwError } from 'rxjs';
import { isPdf, isPdfContentType, planFileName } from '../domain/training-plan.rules';

/** What multer's memory storage hands over for a file field (the part of it this API reads). */
export interface UploadedPdf {
  readonly originalname: string;
  readonly mimetype: string;
  readonly size: number;
  readonly buffer: Buffer;
}

/** The PDF as accepted: its bytes and the file name to keep. */
export interface AcceptedPdf {
  readonly bytes: Buffer;
  readonly fileName: string;
}

/** "20 MB", "64 KB": the limit as people read it. */
export function readableSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} 字节`;
}

/** multer's "file too large" as this API's problem: 413 with a code and a message people can act on. */
@Injectable()
export class PdfUploadLimitInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) =>
        throwError(() =>
          error instanceof PayloadTooLargeException
            ? new HttpException(
                {
                  code: 'TRAINING_PLAN.FILE_TOO_LARGE',
                  message: `文件超过 ${readableSize(this.config.CE_TRAINING_PLAN_MAX_BYTES)}，请压缩后再上传`,
                },
                413,
              )
            : error,
        ),
      ),
    );
  }
}

/**
 * The upload, if it is a PDF: present and not empty (400), not larger than the limit (413), declared
 * with a type that may be a PDF and starting with the PDF header `%PDF-` (415). The declared type
 * alone proves nothing: the bytes decide.
 */
export function requirePdf(file: UploadedPdf | undefined, maxBytes: number): AcceptedPdf {
  if (!file) {
    throw new DomainError(
      'TRAINING_PLAN.FILE_REQUIRED',
      '请在表单字段 file 中上传盖章的培训方案（PDF）',
      'invalid',
      [{ field: 'file', message: 'a PDF file is required' }],
    );
  }
  if (file.size === 0 || file.buffer.length === 0) {
    throw new DomainError(
      'TRAINING_PLAN.EMPTY_FILE',
      `上传的文件「${file.originalname}」是空文件`,
      'invalid',
      [{ field: 'file', message: 'the file is empty' }],
    );
  }
  if (file.buffer.length > maxBytes) {
    throw new HttpException(
      {
        code: 'TRAINING_PLAN.FILE_TOO_LARGE',
        message: `文件超过 ${readableSize(maxBytes)}，请压缩后再上传`,
      },
      413,
    );
  }
  if (!isPdfContentType(file.mimetype)) {
    throw new HttpException(
      {
        code: 'TRAINING_PLAN.UNSUPPORTED_TYPE',
        message: `上传的文件「${file.originalname}」类型为 ${file.mimetype}，培训方案须为 PDF 文件`,
      },
      415,
    );
  }
  if (!isPdf(file.buffer)) {
    throw new HttpException(
      {
        code: 'TRAINING_PLAN.NOT_PDF',
        message: `上传的文件「${file.originalname}」不是 PDF 文件，请上传盖章后扫描或导出的 PDF`,
      },
      415,
    );
  }
  return { bytes: file.buffer, fileName: planFileName(file.originalname) };
}
