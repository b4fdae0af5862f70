import { z } from 'zod';

/** One rate of the figures: numerator over denominator, null when nothing was counted. */
export const rateOut = z
  .object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() })
  .meta({ id: 'Rate' });
