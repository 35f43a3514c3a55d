import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@ce/identity';
import { type Actor, CLOCK, type Clock, InvalidInputError } from '@ce/kernel';
import { PolicyStore } from '../policy-store';

/** Publishing a policy version: the rules the city can change, kept as versioned data. */
@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/v1/admin/policies')
export class PoliciesController {
  constructor(
    private readonly policies: PolicyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':name')
  @Roles('admin', 'auditor', 'city_reviewer')
  async versions(@Param('name') name: string) {
    return { name, versions: await this.policies.versions(this.known(name)) };
  }

  @Put(':name')
  @Roles('admin')
  async publish(
    @Param('name') name: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    const known = this.known(name);
    const errors = this.policies.validate(known, body);
    const version = body.version;
    if (errors.length > 0 || typeof version !== 'string') {
      throw new InvalidInputError('POLICY.INVALID', '政策内容不完整或有误', errors);
    }
    const position = await this.policies.publish(known, { ...body, version }, actor, this.clock.now());
    return { name, version, position };
  }

  private known(name: string): string {
    if (!this.policies.names().includes(name)) {
      throw new InvalidInputError('POLICY.UNKNOWN', `未知的政策：${name}`, [
        { field: 'name', message: `one of ${this.policies.names().join(', ')}` },
      ]);
    }
    return name;
  }
}
