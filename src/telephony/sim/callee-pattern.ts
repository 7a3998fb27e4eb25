/**
 * Callee patterns of the simulated carrier: an E.164 number where `*` stands for any run of
 * digits (also none) and `?` for exactly one digit, e.g. "+86139000001*" or "+861380000000?".
 */

/** What a config may write: a leading '+', then digits and wildcards. */
export const CALLEE_PATTERN = /^\+[0-9*?]+$/;

export type CalleeMatcher = (callee: string) => boolean;

const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';

/**
 * Compiles a pattern. Matching is a dynamic program over (pattern, callee) positions rather
 * than a RegExp, so a pattern full of '*' can never backtrack exponentially; it never throws,
 * whatever the strings.
 */
export function compileCalleePattern(pattern: string): CalleeMatcher {
  const p = [...pattern];
  return (callee) => {
    // reach[i]: the callee prefix read so far can be matched by the first i pattern symbols.
    let reach = closeOverStars(p, initial(p.length));
    for (const ch of callee) {
      const next = new Array<boolean>(p.length + 1).fill(false);
      for (let i = 0; i < p.length; i++) {
        if (!reach[i]) continue;
        const sym = p[i]!;
        if (sym === '*') {
          if (isDigit(ch)) next[i] = true; // the star swallows one more digit
        } else if (sym === '?' ? isDigit(ch) : sym === ch) {
          next[i + 1] = true;
        }
      }
      reach = closeOverStars(p, next);
      if (!reach.includes(true)) return false;
    }
    return reach[p.length] === true;
  };
}

function initial(n: number): boolean[] {
  const r = new Array<boolean>(n + 1).fill(false);
  r[0] = true;
  return r;
}

/** A star may also match nothing: whoever stands before it stands after it too. */
function closeOverStars(p: string[], reach: boolean[]): boolean[] {
  for (let i = 0; i < p.length; i++) if (reach[i] && p[i] === '*') reach[i + 1] = true;
  return reach;
}
