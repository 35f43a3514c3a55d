import { zodValidator } from '@ce/approval';
import { z } from 'zod';
import { CLAIM_KINDS } from './domain/hours-policy';

const hours = z.number().min(0).max(1000);
const kind = z.enum(CLAIM_KINDS as [string, ...string[]]);

/** What an hours policy document must contain before it can be published. */
export const validateHoursPolicy = zodValidator(
  z.object({
    version: z.string().regex(/^[\w.-]{1,50}$/),
    requirement: z.object({ public: hours, professional: hours, total: hours }),
    competitionCaps: z.object({ public: hours, professional: hours }),
    hourStep: z.number().positive().max(10),
    maxHoursPerClaim: z.number().positive().max(1000),
    kindsBySubject: z.object({ public: z.array(kind), professional: z.array(kind) }),
    titleRules: z.array(
      z.object({
        fromApplyYear: z.number().int(),
        toApplyYear: z.number().int().optional(),
        appliesTo: z.object({
          unitTypes: z.array(z.string()).optional(),
          sectors: z.array(z.string()).optional(),
        }),
        requirements: z.array(
          z.object({ years: z.unknown(), subject: z.enum(['public', 'professional', 'all']) }),
        ),
        note: z.string().optional(),
      }),
    ),
  }),
);
