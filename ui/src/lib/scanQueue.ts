// Scans are saved one at a time, in the order they were read. A scan that arrives while the
// previous one is being saved waits here (and the screen says how many wait); none is dropped.

export class ScanQueue<T> {
  private items: T[] = [];
  private running = false;

  constructor(
    private save: (item: T) => Promise<void>,
    private onChange: (waiting: number) => void = () => {},
  ) {}

  get waiting(): number {
    return this.items.length + (this.running ? 1 : 0);
  }

  push(item: T): Promise<void> {
    this.items.push(item);
    this.onChange(this.waiting);
    return this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.items.length > 0) {
        const item = this.items.shift() as T;
        this.onChange(this.waiting);
        try {
          await this.save(item);
        } catch (e) {
          console.error('scan save failed', e);
        }
      }
    } finally {
      this.running = false;
      this.onChange(this.waiting);
    }
  }
}
