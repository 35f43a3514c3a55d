import {
  Controller,
  Get,
  Header,
  Headers,
  Injectable,
  Param,
  ParseUUIDPipe,
  type PipeTransform,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { CurrentActor } from '@ce/identity';
import { type Actor, InvalidInputError } from '@ce/kernel';
import type { YearRecord } from './year-record';
import { YearRecordService } from './year-record.service';
import { XLSX_CONTENT_TYPE, writeYearRecordWorkbook, yearRecordFilename } from './year-record-workbook';

class RecordQuery {
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
  @IsOptional() @IsString() after?: string;
}

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

/** Whether the client asked for the workbook: `?format=` decides, else an Accept entry naming xlsx (q > 0). */
export function wantsWorkbook(format: 'json' | 'xlsx' | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'xlsx';
  return (accept ?? '').split(',').some((entry) => {
    const [type = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return type === XLSX_CONTENT_TYPE && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** 附件2, a person's yearly record (专业技术人员继续教育情况登记表): JSON, or the xlsx to print and stamp. */
@ApiTags('hour-claims')
@ApiBearerAuth()
@Controller('api/v1/persons')
export class YearRecordController {
  constructor(private readonly records: YearRecordService) {}

  @Get(':id/years/:year/record')
  @Header('Vary', 'Accept')
  @ApiProduces('application/json', XLSX_CONTENT_TYPE)
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'xlsx'] })
  async record(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('year', new ParseYearPipe()) year: number,
    @Query() query: RecordQuery,
    @Headers('accept') accept: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<YearRecord | StreamableFile> {
    const record = await this.records.record(actor, id, year);
    if (!wantsWorkbook(query.format, accept)) return record;
    const file = await writeYearRecordWorkbook(record);
    return new StreamableFile(file, {
      type: XLSX_CONTENT_TYPE,
      length: file.length,
      disposition: `attachment; filename="year-record-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(yearRecordFilename(year, record.name))}`,
    });
  }
}
