/** One row of a transaction's state diagram: in `from`, event `on` leads to `to`. */
export interface Transition<S extends string, E extends string> {
  readonly from: S;
  readonly on: E;
  readonly to: S;
}

export type StateTable<S extends string, E extends string> = readonly Transition<S, E>[];

/** The state `on` leads to from `from`, or undefined when the diagram has no such arrow (the event is ignored). */
export function nextState<S extends string, E extends string>(table: StateTable<S, E>, from: S, on: E): S | undefined {
  for (const t of table) if (t.from === from && t.on === on) return t.to;
  return undefined;
}

/** Builds a table from compact rows: `{ calling: { timerA: 'calling', ... }, ... }`. */
export function stateTable<S extends string, E extends string>(rows: { readonly [K in S]: { readonly [V in E]?: S } }): StateTable<S, E> {
  const out: Transition<S, E>[] = [];
  for (const from of Object.keys(rows) as S[]) {
    const arrows = rows[from];
    for (const on of Object.keys(arrows) as E[]) out.push({ from, on, to: arrows[on] as S });
  }
  return out;
}
