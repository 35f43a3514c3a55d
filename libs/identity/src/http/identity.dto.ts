import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '@ce/kernel';
import {
  BASE_TYPES,
  type BaseType,
  ORG_KINDS,
  type OrgKind,
  SECTORS,
  type Sector,
  UNIT_TYPES,
  type UnitType,
} from '../domain/organisation';

export class LoginDto {
  @ApiProperty({ example: 'admin' }) @IsString() @Length(1, 100) username!: string;
  @ApiProperty() @IsString() @Length(1, 200) password!: string;
}

export class CreateOrgDto {
  @ApiProperty({ example: '芝罘区人力资源和社会保障局' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: ORG_KINDS }) @IsIn(ORG_KINDS) kind!: OrgKind;
  @ApiProperty() @IsUUID() parentId!: string;
  @ApiPropertyOptional({ enum: UNIT_TYPES }) @IsOptional() @IsIn(UNIT_TYPES) unitType?: UnitType;
  @ApiPropertyOptional({ enum: SECTORS }) @IsOptional() @IsIn(SECTORS) sector?: Sector;
  @ApiPropertyOptional({ enum: BASE_TYPES }) @IsOptional() @IsIn(BASE_TYPES) baseType?: BaseType;
}

export class ListOrgsQuery {
  @IsOptional() @IsIn(ORG_KINDS) kind?: OrgKind;
  @IsOptional() @IsUUID() parentId?: string;
  @IsOptional() @IsString() after?: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'zhifu.reviewer' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{3,40}$/, {
    message: 'username must be 3–40 letters, digits, _ . or -',
  })
  username!: string;
  @ApiProperty() @IsString() @MinLength(8) password!: string;
  @ApiProperty({ example: '王芳' }) @IsString() @Length(1, 100) displayName!: string;
  @ApiProperty() @IsUUID() orgId!: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
  @ApiPropertyOptional() @IsOptional() @IsUUID() personId?: string;
}

export class CreatePersonDto {
  @ApiProperty({ example: '张伟' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: '370602199003071234', description: '18位居民身份证号码' })
  @IsString()
  @Length(1, 40)
  idNumber!: string;
  @ApiProperty() @IsUUID() unitId!: string;
}

export class ListPersonsQuery {
  @IsOptional() @IsUUID() unitId?: string;
  @IsOptional() @IsString() @Length(1, 50) q?: string;
  @IsOptional() @IsString() after?: string;
}

export class ListUsersQuery {
  @IsUUID() orgId!: string;
  @IsOptional() @IsString() after?: string;
}

export class UserNamesQuery {
  /** Comma-separated user ids (at most 200). */
  @IsString() @Length(1, 200 * 37) ids!: string;
  @IsOptional() @IsString() after?: string;
}
