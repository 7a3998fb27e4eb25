import { canonicalHeaderName, headerKey } from './header-names.ts';

/** One header row: canonical name and its (unfolded, trimmed) value. */
export interface SipHeader {
  readonly name: string;
  readonly value: string;
}

/**
 * Ordered header rows with case-insensitive, compact-form-aware lookup (RFC 3261 §7.3).
 * A list header (Via, Contact, Route, ...) holds one row per value; order between rows of
 * the same name is kept, order between different names is kept too (§7.3.1 only requires the former).
 * Plain arrays, no private fields, so two equal header lists are deep-equal.
 */
export class SipHeaders {
  readonly names: string[] = [];
  readonly keys: string[] = [];
  readonly values: string[] = [];

  constructor(rows?: Iterable<readonly [string, string]>) {
    if (rows) for (const [name, value] of rows) this.append(name, value);
  }

  get size(): number {
    return this.names.length;
  }

  /** The first value of `name`, or undefined. */
  get(name: string): string | undefined {
    const i = this.keys.indexOf(headerKey(name));
    return i < 0 ? undefined : this.values[i];
  }

  /** Every value of `name`, in order. */
  getAll(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === key) out.push(this.values[i] as string);
    return out;
  }

  has(name: string): boolean {
    return this.keys.includes(headerKey(name));
  }

  count(name: string): number {
    const key = headerKey(name);
    let n = 0;
    for (const k of this.keys) if (k === key) n++;
    return n;
  }

  append(name: string, value: string): this {
    this.names.push(canonicalHeaderName(name));
    this.keys.push(headerKey(name));
    this.values.push(value);
    return this;
  }

  /** append() for callers that already resolved the name (the parser): `key` must equal headerKey(name). */
  appendResolved(name: string, key: string, value: string): void {
    this.names.push(name);
    this.keys.push(key);
    this.values.push(value);
  }

  /** Inserts a row before every other row (a proxy pushing its Via or Record-Route does this). */
  prepend(name: string, value: string): this {
    this.names.unshift(canonicalHeaderName(name));
    this.keys.unshift(headerKey(name));
    this.values.unshift(value);
    return this;
  }

  /** Replaces every row of `name` with one row holding `value`, at the first row's place (or at the end). */
  set(name: string, value: string): this {
    const key = headerKey(name);
    const first = this.keys.indexOf(key);
    if (first < 0) return this.append(name, value);
    this.values[first] = value;
    for (let i = this.keys.length - 1; i > first; i--) if (this.keys[i] === key) this.removeAt(i);
    return this;
  }

  /** Removes every row of `name`; returns how many were removed. */
  remove(name: string): number {
    const key = headerKey(name);
    let n = 0;
    for (let i = this.keys.length - 1; i >= 0; i--) {
      if (this.keys[i] === key) {
        this.removeAt(i);
        n++;
      }
    }
    return n;
  }

  /** Removes the first row of `name` (a proxy popping the top Route, a UAC stripping its Via). */
  removeFirst(name: string): boolean {
    const i = this.keys.indexOf(headerKey(name));
    if (i >= 0) this.removeAt(i);
    return i >= 0;
  }

  *[Symbol.iterator](): IterableIterator<SipHeader> {
    for (let i = 0; i < this.names.length; i++) yield { name: this.names[i] as string, value: this.values[i] as string };
  }

  clone(): SipHeaders {
    const copy = new SipHeaders();
    copy.names.push(...this.names);
    copy.keys.push(...this.keys);
    copy.values.push(...this.values);
    return copy;
  }

  private removeAt(i: number): void {
    this.names.splice(i, 1);
    this.keys.splice(i, 1);
    this.values.splice(i, 1);
  }
}
