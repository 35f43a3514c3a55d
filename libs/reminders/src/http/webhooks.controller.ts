import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ce/identity';
import { CLOCK, type Clock, InvalidInputError, NotFoundError } from '@ce/kernel';
import { DataSource } from 'typeorm';
import { RemindersService } from '../reminders.service';

/** An organisation's webhook for notices (HMAC-SHA256 signed POSTs). */
@ApiTags('notices')
@ApiBearerAuth()
@Controller('api/v1/admin/orgs')
export class WebhooksController {
  constructor(
    private readonly reminders: RemindersService,
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Put(':orgId/webhook')
  @Roles('admin')
  @HttpCode(200)
  async set(@Param('orgId', ParseUUIDPipe) orgId: string, @Body() body: Record<string, unknown>) {
    const errors: { field: string; message: string }[] = [];
    const url = typeof body.url === 'string' ? body.url : '';
    const secret = typeof body.secret === 'string' ? body.secret : '';
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      protocol = '';
    }
    if (protocol !== 'http:' && protocol !== 'https:')
      errors.push({ field: 'url', message: 'an http(s) URL' });
    if (secret.length < 16) errors.push({ field: 'secret', message: 'at least 16 characters' });
    if (errors.length > 0) throw new InvalidInputError('WEBHOOK.INVALID', 'Webhook 设置有误', errors);
    const known: unknown[] = await this.dataSource.query(`SELECT 1 FROM rm_orgs WHERE id = $1`, [orgId]);
    if (known.length === 0) throw new NotFoundError('ORG.NOT_FOUND', '机构不存在');
    await this.reminders.setWebhook(orgId, url, secret, this.clock.now());
    return { orgId, url };
  }

  @Put(':orgId/mailbox')
  @Roles('admin')
  @HttpCode(200)
  async mailbox(@Param('orgId', ParseUUIDPipe) orgId: string, @Body() body: Record<string, unknown>) {
    const address = typeof body.address === 'string' ? body.address.trim() : '';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      throw new InvalidInputError('MAILBOX.INVALID', '邮箱地址有误', [
        { field: 'address', message: 'an e-mail address' },
      ]);
    }
    const known: unknown[] = await this.dataSource.query(`SELECT 1 FROM rm_orgs WHERE id = $1`, [orgId]);
    if (known.length === 0) throw new NotFoundError('ORG.NOT_FOUND', '机构不存在');
    await this.reminders.setMailbox(orgId, address, this.clock.now());
    return { orgId, address };
  }
}
