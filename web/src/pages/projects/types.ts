import type { Step } from '../../api';

/** Training projects (附件1) as the API answers them (API.md "Training projects"). */

export interface ProjectFields {
  readonly year: number;
  readonly name: string;
  readonly hours: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly place: string;
  readonly audience: string;
  readonly contact: string;
  readonly cityWide: boolean;
}

export interface ProjectInput extends ProjectFields {
  readonly organizerOrgId: string;
}

export interface ProjectListItem {
  readonly id: string;
  readonly year: number;
  readonly organizerOrgId: string;
  readonly organizerName: string;
  readonly districtId: string | null;
  readonly name: string;
  readonly hours: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly cityWide: boolean;
  readonly source: string;
  readonly status: string;
  readonly submittedAt: string;
}

export interface ProjectView extends ProjectInput {
  readonly id: string;
  readonly organizerName: string;
  readonly districtId: string | null;
  readonly source: string;
  readonly status: string;
  readonly submittedBy: string | null;
  readonly steps: readonly Step[];
}

export interface CatalogueItem extends ProjectInput {
  readonly id: string;
  readonly organizerName: string;
  readonly districtId: string | null;
  readonly approvedBy: string | null;
  readonly approvedByName: string | null;
  readonly approvedAt: string;
}

export interface ImportRow {
  readonly row: number;
  readonly ok: boolean;
  readonly id?: string;
  readonly status?: string | null;
  readonly duplicate?: boolean;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

export interface ImportResult {
  readonly sheet?: string;
  readonly headerRow?: number;
  readonly accepted?: number;
  readonly duplicates?: number;
  readonly rejected?: number;
  readonly rows: readonly ImportRow[];
  readonly position?: string | null;
}

/** Who may submit projects (the server's SUBMITTER_ROLES). */
export const PROJECT_SUBMITTERS = [
  'unit_admin',
  'department_reviewer',
  'district_reviewer',
  'city_reviewer',
  'base_operator',
  'admin',
] as const;

/** Server field names → form field names. */
export const PROJECT_FIELD_OF: Readonly<Record<string, string>> = {
  organizerOrgId: 'organizerOrgId',
  year: 'year',
  name: 'name',
  hours: 'hours',
  startDate: 'period',
  endDate: 'period',
  place: 'place',
  audience: 'audience',
  contact: 'contact',
  cityWide: 'cityWide',
};
