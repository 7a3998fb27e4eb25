interface Node<T> {
  value: T;
  next: Node<T> | undefined;
}

/** First in, first out, O(1) at both ends however long it grows (Array#shift is not past a few thousand items). */
export class TurnQueue<T> {
  private head: Node<T> | undefined;
  private tail: Node<T> | undefined;

  push(value: T): void {
    const node: Node<T> = { value, next: undefined };
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
  }

  shift(): T | undefined {
    const node = this.head;
    if (!node) return undefined;
    this.head = node.next;
    if (!this.head) this.tail = undefined;
    return node.value;
  }
}
