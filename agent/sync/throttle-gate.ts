/**
 * Throttling, honoured per mailbox: when the server answers "throttled" (EWS
 * ErrorServerBusy + BackOffMilliseconds, Graph 429 + Retry-After, as ThrottledError),
 * every call for that mailbox waits until at least the server's delay has passed — never
 * earlier — and the failed call is retried. Throttling is a pause, never a sync error
 * that resets state (sync-semantics §5.5). After `maxRetries` throttled answers in a row
 * the error goes up to the run.
 */
import { isThrottled } from '../connectors/connector-errors.js';

export interface ThrottleGateOptions {
  maxRetries?: number;
  /** Extra wait on top of the server's delay, so a fleet does not come back in one instant. */
  jitterMs?: number;
  onThrottled?: (key: string, waitMs: number) => void;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class ThrottleGate {
  private readonly resumeAt = new Map<string, number>();
  private throttledCount = 0;
  private readonly maxRetries: number;
  private readonly jitterMs: number;

  constructor(private readonly options: ThrottleGateOptions = {}) {
    this.maxRetries = options.maxRetries ?? 8;
    this.jitterMs = options.jitterMs ?? 0;
  }

  get throttled(): number {
    return this.throttledCount;
  }

  /** Runs `call` for `key` (a mailbox), waiting out any pause the server asked for. */
  async run<T>(key: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      // Timers may fire a millisecond early; loop until the deadline has really passed.
      for (let wait = (this.resumeAt.get(key) ?? 0) - Date.now(); wait > 0; wait = (this.resumeAt.get(key) ?? 0) - Date.now()) await sleep(wait);
      try {
        return await call();
      } catch (error) {
        if (!isThrottled(error) || attempt >= this.maxRetries) throw error;
        this.pause(key, error.retryAfterMs);
      }
    }
  }

  /**
   * Records a throttled answer that came back outside `run` (a part of a `$batch` that
   * carried several mailboxes): later calls for `key` wait at least `retryAfterMs`.
   */
  pause(key: string, retryAfterMs: number): void {
    this.throttledCount += 1;
    const waitMs = Math.max(0, retryAfterMs) + (this.jitterMs > 0 ? Math.floor(Math.random() * this.jitterMs) : 0);
    this.resumeAt.set(key, Math.max(this.resumeAt.get(key) ?? 0, Date.now() + waitMs));
    this.options.onThrottled?.(key, waitMs);
  }

  /** Whether calls for `key` must still wait. */
  isPaused(key: string): boolean {
    return (this.resumeAt.get(key) ?? 0) > Date.now();
  }
}
