import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Actor, CLOCK, type Clock, NotFoundError, hasRole } from '@ce/kernel';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { AuthService, type LoginResult } from '../auth/auth.service';
import { CurrentActor, Public, Roles } from '../auth/auth.guard';
import { maskIdNumber } from '../domain/id-number';
import { IdentityService, type Written } from '../identity.service';
import { OrgDirectory } from '../org-directory';
import { commandContext } from './command-context';
import {
  CreateOrgDto,
  CreatePersonDto,
  CreateUserDto,
  ListOrgsQuery,
  ListPersonsQuery,
  ListUsersQuery,
  LoginDto,
  UserNamesQuery,
} from './identity.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginDto, @Req() request: Request): Promise<LoginResult> {
    return this.auth.login(body.username, body.password, request.ip ?? 'unknown');
  }
}

const orgView = (o: {
  orgId: string;
  name: string;
  kind: string;
  parentId: string | null;
  unitType?: string;
  sector?: string;
  baseType?: string;
}) => ({
  id: o.orgId,
  name: o.name,
  kind: o.kind,
  parentId: o.parentId,
  ...(o.unitType ? { unitType: o.unitType } : {}),
  ...(o.sector ? { sector: o.sector } : {}),
  ...(o.baseType ? { baseType: o.baseType } : {}),
});

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/orgs')
export class OrgsController {
  constructor(
    private readonly identity: IdentityService,
    private readonly orgs: OrgDirectory,
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('admin')
  create(
    @Body() body: CreateOrgDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<Written> {
    return this.identity.registerOrg(
      {
        name: body.name,
        kind: body.kind,
        parentId: body.parentId,
        ...(body.unitType ? { unitType: body.unitType } : {}),
        ...(body.sector ? { sector: body.sector } : {}),
        ...(body.baseType ? { baseType: body.baseType } : {}),
      },
      commandContext(actor, this.clock, request),
    );
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const org = await this.orgs.get(id);
    if (!org) throw new NotFoundError('ORG.NOT_FOUND', '机构不存在');
    return orgView(org);
  }

  /** The directory of organisations is not confidential: every signed-in user may list it. */
  @Get()
  async list(@Query() query: ListOrgsQuery) {
    const rows: {
      id: string;
      name: string;
      kind: string;
      parent_id: string | null;
      unit_type: string | null;
      sector: string | null;
      base_type: string | null;
    }[] = await this.dataSource.query(
      `SELECT id, name, kind, parent_id, unit_type, sector, base_type FROM rm_orgs
          WHERE ($1::text IS NULL OR kind = $1) AND ($2::uuid IS NULL OR parent_id = $2)
          ORDER BY kind, name LIMIT 2000`,
      [query.kind ?? null, query.parentId ?? null],
    );
    return {
      items: rows.map((r) =>
        orgView({
          orgId: r.id,
          name: r.name,
          kind: r.kind,
          parentId: r.parent_id,
          ...(r.unit_type ? { unitType: r.unit_type } : {}),
          ...(r.sector ? { sector: r.sector } : {}),
          ...(r.base_type ? { baseType: r.base_type } : {}),
        }),
      ),
    };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly identity: IdentityService,
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The accounts of one organisation within the caller's jurisdiction (e.g. whom to transfer a task
   * to). People's own accounts are not listed: only staff.
   */
  @Get()
  @Roles(
    'admin',
    'auditor',
    'city_reviewer',
    'district_reviewer',
    'department_reviewer',
    'unit_admin',
    'base_operator',
  )
  async list(@Query() query: ListUsersQuery, @CurrentActor() actor: Actor) {
    await this.identity.requireJurisdiction(actor, query.orgId);
    const rows: { id: string; username: string; display_name: string; org_id: string; roles: string[] }[] =
      await this.dataSource.query(
        `SELECT id, username, display_name, org_id, roles FROM rm_users
          WHERE org_id = $1 AND person_id IS NULL ORDER BY display_name, username LIMIT 500`,
        [query.orgId],
      );
    return {
      items: rows.map((r) => ({
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        orgId: r.org_id,
        roles: r.roles,
      })),
    };
  }

  /**
   * Display names of accounts (who decided a step, who is 登记人 on 附件2): any signed-in user may
   * resolve the names of the officials who signed what they can see. Unknown ids are left out.
   */
  @Get('names')
  async names(@Query() query: UserNamesQuery) {
    const ids = query.ids.split(',').filter((id) => UUID.test(id));
    const rows: { id: string; display_name: string }[] = await this.dataSource.query(
      `SELECT id, display_name FROM rm_users WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    return { names: Object.fromEntries(rows.map((r) => [r.id, r.display_name])) };
  }

  @Post()
  @Roles('admin')
  create(
    @Body() body: CreateUserDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<Written> {
    return this.identity.registerUser(body, commandContext(actor, this.clock, request));
  }
}

@ApiTags('persons')
@ApiBearerAuth()
@Controller('api/v1/persons')
export class PersonsController {
  constructor(
    private readonly identity: IdentityService,
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('admin', 'unit_admin')
  create(
    @Body() body: CreatePersonDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<Written> {
    return this.identity.registerPerson(body, commandContext(actor, this.clock, request));
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    const found = await this.identity.requirePersonVisible(actor, id);
    return {
      id: found.personId,
      name: found.name,
      idNumberMasked: maskIdNumber(found.idNumber),
      unitId: found.unitId,
    };
  }

  /** People within the caller's jurisdiction, ID numbers masked. */
  @Get()
  async list(@Query() query: ListPersonsQuery, @CurrentActor() actor: Actor) {
    const everywhere = hasRole(actor, 'admin', 'auditor', 'city_reviewer');
    if (
      !everywhere &&
      !hasRole(actor, 'unit_admin', 'department_reviewer', 'district_reviewer', 'base_operator')
    ) {
      return { items: actor.personId ? [await this.get(actor.personId, actor)] : [] };
    }
    const rows: { id: string; name: string; id_number_masked: string; unit_id: string }[] =
      await this.dataSource.query(
        `SELECT id, name, id_number_masked, unit_id FROM rm_persons
        WHERE ($1::uuid IS NULL OR $1 = ANY (org_ancestors))
          AND ($2::uuid IS NULL OR unit_id = $2)
          AND ($3::text IS NULL OR name LIKE '%' || $3 || '%')
        ORDER BY name, id LIMIT 500`,
        [everywhere ? null : actor.orgId, query.unitId ?? null, query.q ?? null],
      );
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        idNumberMasked: r.id_number_masked,
        unitId: r.unit_id,
      })),
    };
  }
}
