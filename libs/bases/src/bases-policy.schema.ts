import { zodValidator } from '@ce/approval';
import { z } from 'zod';

export const BASES_POLICY = 'bases';

const quota = z.number().int().min(0).max(1_000_000);

/** What a bases policy document must contain before it can be published (`PUT /api/v1/admin/policies/bases`). */
export const validateBasesPolicy = zodValidator(
  z.object({
    version: z.string().regex(/^[\w.-]{1,50}$/),
    traineeQuota: z.object({ provincial: quota, rural_revitalization: quota }),
    projectQuota: z.number().int().min(0).max(1000),
  }),
);
