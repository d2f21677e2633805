/** Paging query parameters shared by the list routes. */
import { z } from 'zod';

/** `offset` (default 0) and `limit` (1–1000, default 100). */
export const PagingQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
