/**
 * The audit log as administrators page through it: newest first, with the total.
 */
import { listAudit, type AuditEntry } from '../store/audit-log-repository.js';
import type { Store } from '../store/open-store.js';
import { toCount } from '../store/store-db.js';

/** A page of the audit log. */
export interface AuditLogPage {
  /** Entries in all. */
  readonly total: number;
  /** This page, newest first. */
  readonly items: AuditEntry[];
}

/** One page of the audit log (default 100 entries), newest first. */
export async function listAuditLog(
  ctx: { readonly store: Store },
  page: { readonly offset?: number; readonly limit?: number } = {},
): Promise<AuditLogPage> {
  const counted = await ctx.store.db.kysely
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('total'))
    .executeTakeFirst();
  const items = await listAudit(ctx.store.db, {
    offset: page.offset ?? 0,
    limit: page.limit ?? 100,
  });
  return { total: toCount(counted?.total), items };
}
