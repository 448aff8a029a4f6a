import { re2FullMatch } from './istio-match';

/**
 * Finds a short string that an RE2 regex fully matches (Istio `regex` semantics), for sample
 * requests: literals are kept, `*` and `?` repeat zero times, `+` once, `{n,m}` n times, the first
 * alternative and the first character of a class are taken. The candidate is verified with RE2;
 * undefined when no candidate matches (e.g. a negated class that excludes every guess).
 */
export function sampleForRegex(regex: string): string | undefined {
  for (const expand of [false, true]) {
    let candidate: string | undefined;
    try {
      candidate = new Sampler(regex, expand).alternation();
    } catch {
      candidate = undefined;
    }
    if (candidate !== undefined && safeMatch(regex, candidate)) return candidate;
  }
  return undefined;
}

function safeMatch(regex: string, value: string): boolean {
  try {
    return re2FullMatch(regex, value);
  } catch {
    return false;
  }
}

const CLASS_ESCAPES: Record<string, string> = { d: '0', w: 'a', s: ' ', D: 'a', W: '-', S: 'a' };
const GUESSES = ['a', 'x', '0', '-', '_', 'Z', '9', '.', '/', ' ', ':', '@', '!', '~', '=', '%'];

/** A tiny recursive-descent reader of the RE2 subset Istio routes use. */
class Sampler {
  private pos = 0;

  constructor(private readonly src: string, private readonly expand: boolean) {}

  /** alternation := sequence ('|' sequence)*; the first alternative is sampled. */
  public alternation(): string {
    const first = this.sequence();
    while (this.peek() === '|') {
      this.pos++;
      this.sequence();
    }
    return first;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private sequence(): string {
    let out = '';
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      out += this.quantified(atom);
    }
    return out;
  }

  private quantified(atom: string): string {
    const c = this.peek();
    let min: number;
    if (c === '*' || c === '?') {
      this.pos++;
      min = this.expand && c === '*' ? 1 : 0;
    } else if (c === '+') {
      this.pos++;
      min = 1;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return atom;
      this.pos += m[0].length;
      min = Number(m[1]);
    } else {
      return atom;
    }
    if (this.peek() === '?') this.pos++; // lazy
    return atom.repeat(min);
  }

  private atom(): string {
    const c = this.src[this.pos++];
    switch (c) {
      case '^':
      case '$':
        return '';
      case '.':
        return 'a';
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape();
      default:
        return c;
    }
  }

  private group(): string {
    if (this.peek() === '?') {
      // (?:...), (?P<name>...), (?i) and friends.
      const named = /^\?P?<[^>]+>/.exec(this.src.slice(this.pos));
      if (named) {
        this.pos += named[0].length;
      } else {
        const flags = /^\?[a-zA-Z-]*(:|\))/.exec(this.src.slice(this.pos));
        if (!flags) throw new Error('unsupported group');
        this.pos += flags[0].length;
        if (flags[1] === ')') return '';
      }
    }
    const inner = this.alternation();
    if (this.src[this.pos++] !== ')') throw new Error('unbalanced group');
    return inner;
  }

  private escape(): string {
    const c = this.src[this.pos++];
    if (c === undefined) throw new Error('trailing backslash');
    if (CLASS_ESCAPES[c] !== undefined) return CLASS_ESCAPES[c];
    if (c === 'b' || c === 'B' || c === 'A' || c === 'z') return '';
    if (c === 'n') return '\n';
    if (c === 't') return '\t';
    return c;
  }

  private charClass(): string {
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const members: string[] = [];
    const ranges: Array<[string, string]> = [];
    let first = true;
    while (this.pos < this.src.length && (this.peek() !== ']' || first)) {
      first = false;
      let c = this.src[this.pos++];
      if (c === '\\') {
        const e = this.src[this.pos++];
        c = CLASS_ESCAPES[e] !== undefined && !negated ? CLASS_ESCAPES[e] : e;
      }
      if (this.peek() === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        let hi = this.src[this.pos++];
        if (hi === '\\') hi = this.src[this.pos++];
        ranges.push([c, hi]);
      } else {
        members.push(c);
      }
    }
    if (this.src[this.pos++] !== ']') throw new Error('unbalanced class');
    const inClass = (ch: string) => members.includes(ch) || ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
    if (!negated) return members[0] ?? ranges[0]?.[0] ?? 'a';
    const guess = GUESSES.find((g) => !inClass(g));
    if (guess === undefined) throw new Error('no character outside the class');
    return guess;
  }
}
