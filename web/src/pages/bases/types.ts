/** Provincial bases' years as the API answers them (API.md "Provincial bases"). */
export interface BaseYear {
  readonly baseId: string;
  readonly baseName?: string;
  readonly baseType: string;
  readonly year: number;
  readonly trainees: number;
  readonly traineeQuota: number;
  readonly researchProjects: number;
  readonly projectQuota: number;
  readonly forecastTrainees: number;
  readonly status: string;
  readonly registrations?: number;
  readonly lastRegisteredOn?: string | null;
}

export interface TraineeImportResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly rows: readonly {
    readonly row: number;
    readonly ok: boolean;
    readonly duplicate?: boolean;
    readonly errors?: readonly { readonly field: string; readonly message: string }[];
  }[];
  readonly position?: string | null;
}

export const BASE_READERS = ['city_reviewer', 'auditor', 'admin', 'base_operator'] as const;
export const BASE_WRITERS = ['base_operator', 'admin'] as const;

/** The server's upload limit for trainee sheets. */
export const TRAINEE_SHEET_MAX_BYTES = 20 * 1024 * 1024;
