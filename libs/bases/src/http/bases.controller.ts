import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Param,
  ParseUUIDPipe,
  type PipeTransform,
  Post,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CurrentActor, Roles, commandContext } from '@ce/identity';
import { type Actor, CLOCK, type Clock, InvalidInputError } from '@ce/kernel';
import type { Request, Response } from 'express';
import { BaseYearsService } from '../base-year/base-years.service';
import { sheetFormat } from '../base-year/trainee-sheet';
import { BaseYearReportsService } from '../base-year-report/base-year-reports.service';

/** Uploads above this size are refused with 413 before they are read. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** What multer's memory storage hands over for the `file` field (the part of it read here). */
interface UploadedSheet {
  readonly buffer: Buffer;
  readonly size: number;
  readonly originalname: string;
}

class YearFieldDto {
  @ApiProperty({ example: 2020 }) @IsInt() @Min(2000) @Max(2100) year!: number;
}

class RegisterTraineeDto extends YearFieldDto {
  @ApiProperty({ example: '370602198503071247', description: '身份证号' })
  @IsString()
  @Length(1, 40)
  idNumber!: string;
  @ApiProperty({ example: '王芳', description: '姓名' }) @IsString() @Length(1, 50) name!: string;
  @ApiProperty({ example: '专业技术人员职业道德与诚信建设', description: '培训项目' })
  @IsString()
  @Length(1, 200)
  programme!: string;
  @ApiProperty({ example: 12, description: '学时' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  hours!: number;
  @ApiProperty({ example: '2020-06-30', description: '完成日期' })
  @IsString()
  @Length(1, 20)
  completedOn!: string;
}

class ResearchProjectDto extends YearFieldDto {
  @ApiProperty({ example: '海洋牧场技术研修班' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: '2020-05-11' }) @IsString() @Length(1, 20) startDate!: string;
  @ApiProperty({ example: '2020-05-15' }) @IsString() @Length(1, 20) endDate!: string;
}

class ImportQuery {
  @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
}

class ListQuery {
  @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
  @IsOptional() @IsString() after?: string;
}

class ReportDto {
  @ApiPropertyOptional({ description: '说明' }) @IsOptional() @IsString() @Length(0, 2000) note?: string;
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

/** Provincial continuing-education bases (省级继续教育基地): trainees, research projects, quotas, reports. */
@ApiTags('bases')
@ApiBearerAuth()
@Controller('api/v1/bases')
export class BasesController {
  constructor(
    private readonly baseYears: BaseYearsService,
    private readonly reports: BaseYearReportsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** 201 for a new registration; 200 `{ duplicate: true }` for one already registered (same person and programme). */
  @Post(':baseId/trainees')
  @Roles('base_operator', 'admin')
  async registerTrainee(
    @Param('baseId', ParseUUIDPipe) baseId: string,
    @Body() body: RegisterTraineeDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.baseYears.registerTrainee(baseId, body, commandContext(actor, this.clock, req));
    res.status(result.duplicate ? 200 : 201);
    return result;
  }

  /** Bulk registration from an xlsx or a UTF-8 CSV with the columns 姓名, 身份证号, 培训项目, 学时, 完成日期. */
  @Post(':baseId/trainees/import')
  @Roles('base_operator', 'admin')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  importTrainees(
    @Param('baseId', ParseUUIDPipe) baseId: string,
    @Query() query: ImportQuery,
    @UploadedFile() file: UploadedSheet | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    if (!file || file.size === 0) {
      throw new InvalidInputError('BASE.IMPORT_FILE_REQUIRED', '请上传文件（字段 file）', [
        { field: 'file', message: 'an xlsx or CSV file' },
      ]);
    }
    const format = sheetFormat(file.buffer);
    if (format === 'xls') {
      throw new UnsupportedMediaTypeException({
        code: 'BASE.IMPORT_UNSUPPORTED_FORMAT',
        message: '不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV（UTF-8）后上传',
      });
    }
    return this.baseYears.importTrainees(
      baseId,
      query.year,
      { buffer: file.buffer, format },
      commandContext(actor, this.clock, req),
    );
  }

  @Post(':baseId/research-projects')
  @Roles('base_operator', 'admin')
  async addResearchProject(
    @Param('baseId', ParseUUIDPipe) baseId: string,
    @Body() body: ResearchProjectDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.baseYears.addResearchProject(
      baseId,
      body,
      commandContext(actor, this.clock, req),
    );
    res.status(result.duplicate ? 200 : 201);
    return result;
  }

  /** Every base's year: `{ year, items: [...] }` (a base operator sees their own base). */
  @Get()
  @Roles('city_reviewer', 'auditor', 'admin', 'base_operator')
  async list(@Query() query: ListQuery, @CurrentActor() actor: Actor) {
    return { year: query.year, items: await this.baseYears.list(query.year, actor) };
  }

  @Get(':baseId/years/:year')
  @Roles('city_reviewer', 'auditor', 'admin', 'base_operator')
  year(
    @Param('baseId', ParseUUIDPipe) baseId: string,
    @Param('year', new ParseYearPipe()) year: number,
    @CurrentActor() actor: Actor,
  ) {
    return this.baseYears.yearView(baseId, year, actor);
  }

  /** Records the year-end assessment now if the year has closed; idempotent (the scheduler does the same). */
  @Post(':baseId/years/:year/assess')
  @Roles('admin')
  @HttpCode(200)
  async assess(
    @Param('baseId', ParseUUIDPipe) baseId: string,
    @Param('year', new ParseYearPipe()) year: number,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    const outcome = await this.baseYears.assess(baseId, year, commandContext(actor, this.clock, req));
    return { baseId, year, ...outcome.assessment, recorded: outcome.recorded, position: outcome.position };
  }

  /** The year report to the city bureau (base → city), on the approval flow. */
  @Post(':baseId/years/:year/report')
  @Roles('base_operator', 'admin')
  submitReport(
    @Param('baseId', ParseUUIDPipe) baseId: string,
    @Param('year', new ParseYearPipe()) year: number,
    @Body() body: ReportDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.reports.submit(baseId, year, body.note, commandContext(actor, this.clock, req));
  }

  @Get(':baseId/years/:year/report')
  @Roles('city_reviewer', 'auditor', 'admin', 'base_operator')
  report(
    @Param('baseId', ParseUUIDPipe) baseId: string,
    @Param('year', new ParseYearPipe()) year: number,
    @CurrentActor() actor: Actor,
  ) {
    return this.reports.view(baseId, year, actor);
  }
}
