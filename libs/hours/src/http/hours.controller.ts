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
} from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CurrentActor, IdentityService, OrgDirectory, commandContext, requestIdOf } from '@ce/identity';
import { type Actor, CLOCK, type Clock, InvalidInputError, hasRole } from '@ce/kernel';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { CLAIM_KINDS, type ClaimKind, SUBJECTS, type Subject } from '../domain/hours-policy';
import { titleEligibility } from '../domain/title-eligibility';
import { HourClaimsService } from '../hour-claims.service';
import { YearLedgers } from '../year-ledgers.service';

class ClaimFieldsDto {
  @ApiProperty({ enum: SUBJECTS }) @IsIn(SUBJECTS) subject!: Subject;
  @ApiProperty({ enum: CLAIM_KINDS }) @IsIn(CLAIM_KINDS) kind!: ClaimKind;
  @ApiProperty({ example: '专业技术人员职业道德与诚信建设' }) @IsString() @Length(1, 300) title!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) organizer?: string;
  @ApiProperty({ example: '2020-06-01' }) @IsDateString({ strict: true }) @Length(10, 10) startDate!: string;
  @ApiProperty({ example: '2020-06-03' }) @IsDateString({ strict: true }) @Length(10, 10) endDate!: string;
  @ApiProperty({ example: 24 }) @IsNumber({ allowNaN: false, allowInfinity: false }) hours!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) place?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 100) certificateNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(2000) @Max(2100) makeUpForYear?: number;
  // The 附件2 fields of one kind each; the rules refuse one sent with another kind (HOUR_CLAIM.FIELD_NOT_FOR_KIND).
  // Lengths are checked by the rules (422 HOUR_CLAIM.FIELD_TOO_LONG); the bound here only stops absurd bodies.
  @ApiPropertyOptional({ description: '自学种类（仅自学类 self_study）', example: '专业书籍自学' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  studyType?: string;
  @ApiPropertyOptional({ description: '考核方式（仅自学类 self_study）', example: '单位考核' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  assessment?: string;
  @ApiPropertyOptional({
    description: '成果/论文著作种类（仅成果、论文著作折算 achievement）',
    example: '论文',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  achievementType?: string;
  @ApiPropertyOptional({ description: '获奖/发表等级（仅成果、论文著作折算 achievement）', example: '省级' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  achievementLevel?: string;
}

class SubmitClaimDto extends ClaimFieldsDto {
  @ApiProperty() @IsUUID() personId!: string;
}

class ResubmitClaimDto extends PartialType(ClaimFieldsDto) {}

class ReasonDto {
  @ApiProperty() @IsString() @Length(1, 2000) reason!: string;
}

class CommentBodyDto {
  @ApiProperty() @IsString() @Length(1, 2000) text!: string;
}

class ListClaimsQuery {
  @IsOptional() @IsUUID() personId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @IsOptional()
  @IsIn(['in_review', 'returned', 'approved', 'rejected', 'withdrawn', 'revoked'])
  status?: string;
  @IsOptional() @IsString() after?: string;
}

class EligibilityQuery {
  @Type(() => Number) @IsInt() @Min(2000) @Max(2100) applyYear!: number;
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

@ApiTags('hour-claims')
@ApiBearerAuth()
@Controller('api/v1/hour-claims')
export class HourClaimsController {
  constructor(
    private readonly claims: HourClaimsService,
    private readonly identity: IdentityService,
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  submit(@Body() body: SubmitClaimDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.claims.submit(body, commandContext(actor, this.clock, req));
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.claims.view(await this.claims.requireVisible(id, actor));
  }

  @Get()
  async list(@Query() query: ListClaimsQuery, @CurrentActor() actor: Actor) {
    if (query.personId) await this.identity.requirePersonVisible(actor, query.personId);
    const everywhere = hasRole(actor, 'admin', 'auditor', 'city_reviewer');
    const onlyOwn = !everywhere && !hasRole(actor, 'unit_admin', 'department_reviewer', 'district_reviewer');
    const rows: {
      id: string;
      person_id: string;
      applicant_name: string;
      year: number;
      subject: string;
      kind: string;
      hours: string;
      title: string;
      status: string;
      make_up: boolean;
      submitted_at: Date;
    }[] = await this.dataSource.query(
      `SELECT c.id, c.person_id, c.applicant_name, c.year, c.subject, c.kind, c.hours::text AS hours, c.title, c.status,
              c.make_up, c.submitted_at
         FROM rm_hour_claims c
         JOIN rm_persons p ON p.id = c.person_id
        WHERE ($1::uuid IS NULL OR c.person_id = $1) AND ($2::int IS NULL OR c.year = $2) AND ($3::text IS NULL OR c.status = $3)
          AND ($4::uuid IS NULL OR $4 = ANY (p.org_ancestors))
          AND ($5::uuid IS NULL OR c.person_id = $5)
        ORDER BY c.submitted_at DESC, c.id LIMIT 500`,
      [
        query.personId ?? null,
        query.year ?? null,
        query.status ?? null,
        everywhere || onlyOwn ? null : actor.orgId,
        onlyOwn ? (actor.personId ?? '00000000-0000-0000-0000-000000000000') : null,
      ],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        personId: r.person_id,
        applicantName: r.applicant_name,
        year: r.year,
        subject: r.subject,
        kind: r.kind,
        hours: Number(r.hours),
        title: r.title,
        status: r.status,
        makeUp: r.make_up,
        submittedAt: r.submitted_at.toISOString(),
      })),
    };
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.claims.applicantAction(
      id,
      { type: 'flow', command: { type: 'withdraw' } },
      actor,
      requestIdOf(req),
    );
  }

  @Post(':id/urge')
  @HttpCode(200)
  urge(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.claims.applicantAction(
      id,
      { type: 'flow', command: { type: 'urge' } },
      actor,
      requestIdOf(req),
    );
  }

  /** 意见: the applicant or a reviewing organisation adds a remark to the record. */
  @Post(':id/comments')
  @HttpCode(200)
  comment(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CommentBodyDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.claims.applicantAction(
      id,
      { type: 'flow', command: { type: 'comment', text: body.text } },
      actor,
      requestIdOf(req),
    );
  }

  @Post(':id/resubmit')
  @HttpCode(200)
  resubmit(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResubmitClaimDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.claims.resubmit(id, body, actor, requestIdOf(req));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  revoke(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ) {
    return this.claims.applicantAction(id, { type: 'revoke', reason: body.reason }, actor, requestIdOf(req));
  }
}

@ApiTags('hour-claims')
@ApiBearerAuth()
@Controller('api/v1/persons')
export class LedgerController {
  constructor(
    private readonly claims: HourClaimsService,
    private readonly identity: IdentityService,
    private readonly orgs: OrgDirectory,
    private readonly ledgers: YearLedgers,
  ) {}

  @Get(':id/years/:year')
  async year(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('year', new ParseYearPipe()) year: number,
    @CurrentActor() actor: Actor,
  ) {
    await this.identity.requirePersonVisible(actor, id);
    return { personId: id, ...(await this.ledgers.ofPerson(id, [year])).get(year) };
  }

  @Get(':id/title-eligibility')
  async eligibility(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: EligibilityQuery,
    @CurrentActor() actor: Actor,
  ) {
    const person = await this.identity.requirePersonVisible(actor, id);
    const unit = await this.orgs.get(person.unitId);
    const years = Array.from({ length: 5 }, (_, i) => query.applyYear - 5 + i);
    const result = titleEligibility(
      query.applyYear,
      { unitType: unit?.unitType ?? 'enterprise', sector: unit?.sector ?? 'other' },
      await this.ledgers.ofPerson(id, years),
      await this.claims.hoursPolicy(),
    );
    return { personId: id, applyYear: query.applyYear, ...result };
  }
}
