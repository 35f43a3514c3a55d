import { createHash } from 'node:crypto';
import { HttpException, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** SHA-256 of the bytes, lower-case hex: the name of a blob. */
export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
  /** False when the same bytes were already stored (they are kept once). */
  readonly created: boolean;
}

/**
 * Uploaded files by content (table `content_blobs`): the key is the SHA-256 of the bytes, so the same
 * file uploaded twice is stored once, and events name a file by its hash instead of carrying it.
 * Primary data, like the events: no projection owns the table and a rebuild never touches it.
 */
@Injectable()
export class ContentStore {
  private readonly logger = new Logger(ContentStore.name);

  constructor(private readonly dataSource: DataSource) {}

  async put(bytes: Buffer, contentType: string): Promise<StoredBlob> {
    const sha256 = sha256Of(bytes);
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO content_blobs (sha256, bytes, size, content_type, created_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
      [sha256, bytes, bytes.length, contentType],
    );
    return { sha256, size: bytes.length, created: inserted.length > 0 };
  }

  /**
   * The bytes stored under `sha256`, checked against it: a blob whose bytes no longer hash to its
   * name (or that is missing) is an integrity failure, answered 500 and logged, never served.
   */
  async get(sha256: string): Promise<{ bytes: Buffer; contentType: string }> {
    const rows: { bytes: Buffer; content_type: string }[] = await this.dataSource.query(
      `SELECT bytes, content_type FROM content_blobs WHERE sha256 = $1`,
      [sha256],
    );
    const row = rows[0];
    if (!row) {
      this.logger.error(`content blob ${sha256} is missing`);
      throw new HttpException({ code: 'CONTENT.MISSING', message: '文件内容缺失，请联系系统管理员' }, 500);
    }
    const actual = sha256Of(row.bytes);
    if (actual !== sha256) {
      this.logger.error(`content blob ${sha256} is corrupted: its bytes hash to ${actual}`);
      throw new HttpException(
        {
          code: 'CONTENT.CORRUPTED',
          message: '文件校验失败（SHA-256 不一致），已拒绝下载，请联系系统管理员',
        },
        500,
      );
    }
    return { bytes: row.bytes, contentType: row.content_type };
  }
}
