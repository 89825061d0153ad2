/** A sleep that another part of a worker can cut short: when work arrives, or the worker stops. */
export class Alarm {
  private ring: (() => void) | undefined;

  /** Sleeps up to `ms`, or until `wake` is called. */
  nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.ring = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.ring = done;
    });
  }

  /** Ends the current nap, if any. */
  wake(): void {
    this.ring?.();
  }
}
