import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The organisation tree, with each row's ancestors (itself included) for jurisdiction filters. */
@Entity({ name: 'rm_orgs' })
export class OrgRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId!: string | null;
  @Column({ name: 'unit_type', type: 'text', nullable: true }) unitType!: string | null;
  @Column({ type: 'text', nullable: true }) sector!: string | null;
  @Column({ name: 'base_type', type: 'text', nullable: true }) baseType!: string | null;
  @Column({ name: 'district_id', type: 'uuid', nullable: true }) districtId!: string | null;
  @Column({ name: 'department_id', type: 'uuid', nullable: true }) departmentId!: string | null;
  @Column({ type: 'uuid', array: true }) ancestors!: string[];
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ name: 'rm_persons' })
export class PersonRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'id_number_masked', type: 'text' }) idNumberMasked!: string;
  /** sha256 of the ID number: lets a base registration find the person without a second copy of the number. */
  @Column({ name: 'id_number_hash', type: 'text' }) idNumberHash!: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ name: 'org_ancestors', type: 'uuid', array: true }) orgAncestors!: string[];
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ name: 'rm_users' })
export class UserRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) username!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ name: 'org_id', type: 'uuid' }) orgId!: string;
  @Column({ type: 'text', array: true }) roles!: string[];
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId!: string | null;
}
