import { z } from 'zod';
import { KINDS, PRIORITIES } from './kinds.js';

// Named so the OpenAPI document (and the console's generated types) carry each list once.
export const kindSchema = z.enum(KINDS).meta({ id: 'Kind' });
export const prioritySchema = z.enum(PRIORITIES).meta({ id: 'Priority' });
