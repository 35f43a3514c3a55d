import {
  Controller,
  Get,
  Inject,
  Injectable,
  Param,
  type PipeTransform,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { CurrentActor, OrgDirectory, Roles } from '@ce/identity';
import { type Actor, CLOCK, type Clock, NotFoundError } from '@ce/kernel';
import { STATISTICS_FORMS, type StatisticsForm, isStatisticsForm } from '../domain/forms';
import { AGGREGATE_ROLES, StatisticsAggregationService } from '../statistics-aggregation.service';
import {
  XLSX_CONTENT_TYPE,
  statisticsFileName,
  writeStatisticsWorkbook,
} from '../workbook/statistics-workbook';

class SumQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  /** City callers: one district bureau's reports only. */
  @IsOptional() @IsUUID() districtId?: string;
  @IsOptional() @IsString() after?: string;
}

/** `knowledge_update` or `major_strategy`; anything else is not a form we know (404). */
@Injectable()
class ParseFormPipe implements PipeTransform<string, StatisticsForm> {
  transform(value: string): StatisticsForm {
    if (!isStatisticsForm(value)) {
      throw new NotFoundError(
        'STATISTICS.UNKNOWN_FORM',
        `没有“${value}”这种统计表：可选 knowledge_update（附件3）或 major_strategy（附件4）`,
      );
    }
    return value;
  }
}

/** The sums of approved statistics reports in the caller's scope, and the official sheets. */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/v1/statistics')
export class StatisticsController {
  constructor(
    private readonly aggregation: StatisticsAggregationService,
    private readonly orgs: OrgDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':form')
  @Roles(...AGGREGATE_ROLES)
  @ApiParam({ name: 'form', enum: STATISTICS_FORMS })
  async sum(
    @Param('form', ParseFormPipe) form: StatisticsForm,
    @Query() query: SumQuery,
    @CurrentActor() actor: Actor,
  ) {
    const { organisations: _names, ...sum } = await this.aggregation.sum(
      actor,
      form,
      query.year ?? this.thisYear(),
      query.districtId,
    );
    return sum;
  }

  /** 附件3 / 附件4 as the notice prints it, with the sums of the caller's scope. */
  @Get(':form/export')
  @Roles(...AGGREGATE_ROLES)
  @ApiParam({ name: 'form', enum: STATISTICS_FORMS })
  @ApiProduces(XLSX_CONTENT_TYPE)
  async export(
    @Param('form', ParseFormPipe) form: StatisticsForm,
    @Query() query: SumQuery,
    @CurrentActor() actor: Actor,
  ): Promise<StreamableFile> {
    const year = query.year ?? this.thisYear();
    const sum = await this.aggregation.sum(actor, form, year, query.districtId);
    const reporter = await this.orgs.get(actor.orgId);
    const file = await writeStatisticsWorkbook({
      form,
      year,
      reporterName: reporter?.name ?? '',
      implementers: sum.organisations,
      fundingWan: sum.fundingWan,
      rows: sum.rows,
    });
    return new StreamableFile(file, {
      type: XLSX_CONTENT_TYPE,
      length: file.length,
      disposition: `attachment; filename="statistics-${form}-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(statisticsFileName(form, year))}`,
    });
  }

  /** This year in Yantai (UTC+8). */
  private thisYear(): number {
    return Number(new Date(this.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
  }
}
