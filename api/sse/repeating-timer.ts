/** A timer on an injected clock that repeats while started; the hub runs one for all heartbeats. */
import type { Clock, TimerHandle } from "../../lib/controller/clock.js";

/** Calls `tick` every `ms` between `start()` and `stop()`. */
export class RepeatingTimer {
  private handle: TimerHandle | undefined;
  private active = false;

  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
    private readonly tick: () => void,
  ) {}

  /** Starts ticking; does nothing when already started. */
  start(): void {
    this.active = true;
    this.schedule();
  }

  stop(): void {
    this.active = false;
    if (this.handle) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private schedule(): void {
    this.handle ??= this.clock.setTimeout(() => this.fire(), this.ms);
  }

  private fire(): void {
    this.handle = undefined;
    this.tick();
    // tick may have stopped the timer (the last subscriber left); then it stays stopped.
    if (this.active) this.schedule();
  }
}
