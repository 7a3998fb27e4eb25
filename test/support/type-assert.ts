// Compile-time assertions for tests: a failed one is a type error `tsc --noEmit` reports (the
// typecheck covers test/), naming the offending keys where it can.

/** Compiles only when T is `true`. */
export type Assert<T extends true> = T;

/** The keys of Ours that Theirs lacks: `never` when Ours adds nothing to Theirs. */
export type ExtraKeys<Ours, Theirs> = Exclude<keyof Ours, keyof Theirs>;

/** `true` when Ours has no key Theirs lacks; otherwise an object naming them, so the error message shows them. */
export type NoExtraKeys<Ours, Theirs> = [ExtraKeys<Ours, Theirs>] extends [never] ? true : { extraKeys: ExtraKeys<Ours, Theirs> };

/** `true` when Ours is assignable to Theirs and adds no key of its own (the wire may not carry fields the SDK does not know). */
export type Fits<Ours, Theirs> = [Ours] extends [Theirs] ? NoExtraKeys<Ours, Theirs> : { notAssignable: Ours };
