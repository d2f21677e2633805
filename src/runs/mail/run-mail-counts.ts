/**
 * The e-mail counts a run's results and history show (SPEC §5, issue 7): how many welcome
 * e-mails the run queued, and how many of them are sent, failed, waiting or held.
 */
import { countMessagesByRun } from '../../store/outbox-repository.js';
import type { RunsContext } from '../runs-context.js';

/** A run's e-mails by outcome. */
export interface RunMailCounts {
  /** Every message the run's apply queued. */
  readonly queued: number;
  /** Accepted by the mail server. */
  readonly sent: number;
  /** Failed for good (or replaced by a resent welcome e-mail). */
  readonly failed: number;
  /** Still to be sent: pending (maybe retrying after a failure) or being sent. */
  readonly waiting: number;
  /** Not sent because no mail server is configured. */
  readonly held: number;
}

/** The counts of each run (zeros for a run without e-mails), for results and history pages. */
export async function countRunMail(
  ctx: RunsContext,
  runIds: readonly string[],
): Promise<Map<string, RunMailCounts>> {
  const byRun = await countMessagesByRun(ctx.store.db, runIds);
  const result = new Map<string, RunMailCounts>();
  for (const runId of runIds) {
    const c = byRun.get(runId);
    const pending = c?.pending ?? 0;
    const sending = c?.sending ?? 0;
    const sent = c?.sent ?? 0;
    const failed = c?.failed ?? 0;
    const held = c?.held ?? 0;
    result.set(runId, {
      queued: pending + sending + sent + failed + held,
      sent,
      failed,
      waiting: pending + sending,
      held,
    });
  }
  return result;
}
