/**
 * An in-process queue for the apply lock with a bounded wait. The database lock (BEGIN
 * IMMEDIATE, or PostgreSQL's advisory lock) serialises processes; this gate serialises callers
 * of one process first, so that they wait without holding a connection and give up on time.
 */
import { StoreError } from './store-error.js';

interface Waiter {
  readonly grant: () => void;
  readonly timer: NodeJS.Timeout;
}

/** A mutex whose `acquire` gives up after a timeout with `StoreError('apply-busy')`. */
export class ApplyGate {
  private held = false;
  private readonly waiters: Waiter[] = [];

  /** Waits up to `timeoutMs` for the gate; resolves to the function that releases it. */
  acquire(timeoutMs: number): Promise<() => void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve(() => {
        this.release();
      });
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve(() => {
            this.release();
          });
        },
        timer: setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(busyError());
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next === undefined) this.held = false;
    else next.grant();
  }
}

/** The refusal when another apply keeps the lock past the wait. */
export function busyError(): StoreError {
  return new StoreError(
    'apply-busy',
    'another run is being applied; try again when it has finished',
  );
}
