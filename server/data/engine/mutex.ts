/** A first-come, first-served lock: acquire() resolves with the function that releases it. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  get locked(): boolean {
    return this.holders > 0;
  }

  acquire(): Promise<() => void> {
    this.holders++;
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => () => {
      this.holders--;
      release();
    });
    this.tail = this.tail.then(() => next);
    return ready;
  }
}
