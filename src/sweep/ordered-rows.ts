import type { SweepRow } from './types.js';

/**
 * Reorders rows that finish out of order. Rows arrive with their position in the pending list
 * and leave, through `emit`, in position order as soon as every earlier position has arrived.
 */
export class OrderedRows {
  private readonly waiting = new Map<number, SweepRow>();
  private next = 0;
  private emitted = 0;

  constructor(private readonly emit: (rows: SweepRow[]) => void) {}

  add(position: number, row: SweepRow): void {
    this.waiting.set(position, row);
    if (position !== this.next) return;

    const ready: SweepRow[] = [];
    let waitingRow = this.waiting.get(this.next);
    while (waitingRow !== undefined) {
      ready.push(waitingRow);
      this.waiting.delete(this.next);
      this.next++;
      waitingRow = this.waiting.get(this.next);
    }
    this.emitted += ready.length;
    this.emit(ready);
  }

  /**
   * Emits every waiting row in position order, gaps or not. A stopped run calls it, because
   * the positions before a gap will not arrive.
   */
  flush(): void {
    if (this.waiting.size === 0) return;
    const rows = [...this.waiting].sort(([a], [b]) => a - b).map(([, row]) => row);
    this.waiting.clear();
    this.emitted += rows.length;
    this.emit(rows);
  }

  /** Rows emitted so far. */
  get count(): number {
    return this.emitted;
  }
}
