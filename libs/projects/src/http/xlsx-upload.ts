import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { DomainError } from '@ce/kernel';
import { type Observable, catchError, throwError } from 'rxjs';

/** Largest 附件1 upload accepted (a catalogue of a few thousand rows is far below it). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** multer's "file too large" as this API's problem: 413 with a code and a message people can act on. */
@Injectable()
export class UploadLimitInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) =>
        throwError(() =>
          error instanceof PayloadTooLargeException
            ? new HttpException(
                {
                  code: 'TRAINING_PROJECT.FILE_TOO_LARGE',
                  message: `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请拆分后分批导入`,
                },
                413,
              )
            : error,
        ),
      ),
    );
  }
}

/** What multer's memory storage hands over for a file field (the part of it this API reads). */
export interface UploadedFile {
  readonly originalname: string;
  readonly size: number;
  readonly buffer: Buffer;
}

/** The uploaded bytes, if they are an .xlsx workbook (a zip container); 415 otherwise. */
export function requireXlsx(file: UploadedFile | undefined): Buffer {
  if (!file || file.size === 0) {
    throw new DomainError(
      'TRAINING_PROJECT.FILE_REQUIRED',
      '请在表单字段 file 中上传附件1（.xlsx）',
      'invalid',
      [{ field: 'file', message: 'an .xlsx file is required' }],
    );
  }
  const head = file.buffer.subarray(0, 8);
  const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  if (!zip) {
    const legacy = head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
    throw new HttpException(
      {
        code: 'TRAINING_PROJECT.NOT_XLSX',
        message: legacy
          ? '不支持旧版 Excel（.xls）文件，请另存为 .xlsx 后上传'
          : `上传的文件「${file.originalname}」不是 Excel（.xlsx）工作簿`,
      },
      415,
    );
  }
  return file.buffer;
}
