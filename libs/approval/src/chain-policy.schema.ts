import { z } from 'zod';
import { SUBJECT_TYPES, type SubjectType } from './domain/chain-policy';
import type { PolicyValidator } from './policy-store';

const level = z.enum(['unit', 'department', 'district', 'city', 'base']);
const chain = z.object({
  underDistrict: z.array(level).min(1),
  cityDirect: z.array(level).min(1),
  cityWideAdds: z.array(level).optional(),
});

const chainPolicy = z.object({
  version: z.string().regex(/^[\w.-]{1,50}$/),
  workingDaysPerLevel: z.number().int().min(1).max(30),
  chains: z.object(
    Object.fromEntries(SUBJECT_TYPES.map((s) => [s, chain])) as Record<SubjectType, typeof chain>,
  ),
});

export function zodValidator(schema: z.ZodType): PolicyValidator {
  return (content) => {
    const result = schema.safeParse(content);
    return result.success
      ? []
      : result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  };
}

export const validateChainPolicy = zodValidator(chainPolicy);
