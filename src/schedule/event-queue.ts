/**
 * A priority queue of simulation events, ordered by time, then by `rank` (lower first), then by
 * insertion order, so that events at the same time are handled in a fixed order.
 */
export class EventQueue<Event> {
  private readonly heap: { timeS: number; rank: number; sequence: number; event: Event }[] = [];
  private sequence = 0;

  get size(): number {
    return this.heap.length;
  }

  push(timeS: number, rank: number, event: Event): void {
    this.heap.push({ timeS, rank, sequence: this.sequence++, event });
    let child = this.heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) break;
      this.swap(child, parent);
      child = parent;
    }
  }

  /** Time of the next event; Infinity when the queue is empty. */
  peekTimeS(): number {
    return this.heap.length === 0 ? Infinity : this.heap[0].timeS;
  }

  pop(): { timeS: number; event: Event } | undefined {
    if (this.heap.length === 0) return undefined;
    const top = this.heap[0];
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let parent = 0;
      for (;;) {
        const left = 2 * parent + 1;
        const right = left + 1;
        let smallest = parent;
        if (left < this.heap.length && this.before(left, smallest)) smallest = left;
        if (right < this.heap.length && this.before(right, smallest)) smallest = right;
        if (smallest === parent) break;
        this.swap(parent, smallest);
        parent = smallest;
      }
    }
    return { timeS: top.timeS, event: top.event };
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    return x.timeS < y.timeS || (x.timeS === y.timeS && (x.rank < y.rank || (x.rank === y.rank && x.sequence < y.sequence)));
  }

  private swap(a: number, b: number): void {
    [this.heap[a], this.heap[b]] = [this.heap[b], this.heap[a]];
  }
}
