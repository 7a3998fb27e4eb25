import { ApiError } from '../../shared/errors.ts';

type Container = Record<string, unknown> | unknown[];

const DIGITS = /^\d+$/;
const INDEX = /^(0|[1-9]\d*)$/;

function invalid(name: string, why: string): never {
  throw new ApiError('InvalidParameter', `The parameter \`${name}\` ${why}.`);
}

function newContainerFor(nextSegment: string): Container {
  return DIGITS.test(nextSegment) ? [] : {};
}

/** Every list must be 0..n-1 with no gaps: a hole would reach the action as `undefined`. */
function checkDense(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) invalid(`${path}.${i}`, 'is missing: list indices must start at 0 and have no gaps');
      checkDense(value[i], `${path}.${i}`);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value)) checkDense((value as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
  }
}

/**
 * Rebuilds nested parameters from the dotted names GET queries and form bodies carry (the SDK's
 * mergeData): `Callers.0=x&Variables.0.Key=a` -> `{ Callers: ['x'], Variables: [{ Key: 'a' }] }`.
 * All-digit segments are list indices, others field names; values stay strings (the schema
 * coerces). A name that mixes the two, collides with another, or leaves a gap in a list throws
 * ApiError InvalidParameter, never anything else.
 */
export function unflattenParams(flat: Record<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const names = Object.keys(flat);
  // A gap-free list of length n needs n names, so no valid index reaches names.length.
  const maxIndex = names.length;
  for (const name of names) {
    const segments = name.split('.');
    let cur: Container = root;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      if (seg === '' || seg === '__proto__') invalid(name, 'is not a valid parameter name');
      if (Array.isArray(cur)) {
        if (!INDEX.test(seg) || Number(seg) >= maxIndex)
          invalid(name, 'has a list index out of order: list indices must start at 0 and have no gaps');
      } else if (DIGITS.test(seg)) {
        invalid(name, 'uses a list index where a field name is expected');
      }
      const slot = cur as Record<string, unknown>;
      const existing = Object.hasOwn(slot, seg) ? slot[seg] : undefined;
      if (i === segments.length - 1) {
        if (existing !== undefined) invalid(name, 'collides with another parameter of the same name');
        slot[seg] = flat[name];
      } else if (existing === undefined) {
        cur = newContainerFor(segments[i + 1]!);
        slot[seg] = cur;
      } else if (typeof existing === 'object') {
        cur = existing as Container;
      } else {
        invalid(name, 'collides with a parameter that has a plain value');
      }
    }
  }
  checkDense(root, '');
  return root;
}
