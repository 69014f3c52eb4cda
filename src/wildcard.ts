/**
 * Wildcard patterns from the project (CORS origin patterns, workspace folder globs) matched in
 * time linear in the text: a regular expression built from them could backtrack for minutes
 * (`https://(a+)+` on a long origin, `a*b*c*d*` on a long folder name). A pattern is a list of
 * tokens, each one character (or any character) taken once or any number of times, and the match
 * simulates all positions in the pattern at once (Thompson's construction), so it costs at most
 * text length × pattern length steps and never backtracks.
 */
export interface WildcardToken {
  /** Undefined: any character. */
  char?: string;
  /** Zero or more times, else exactly once. */
  repeat: boolean;
}

const ANY: WildcardToken = { repeat: false };
const ANY_RUN: WildcardToken = { repeat: true };

/** A folder-name glob: `*` any run of characters, `?` any one character. */
export function globTokens(glob: string): WildcardToken[] {
  return [...glob].map((c) => (c === '*' ? ANY_RUN : c === '?' ? ANY : { char: c, repeat: false }));
}

/**
 * A CORS origin pattern as the framework turns it into a regular expression (`regexifyWildcards`
 * in its api-gateway cors.js): every `.` is literal, the first `*` becomes `.+`, and a later `*`
 * repeats what stands before it. Undefined when the pattern uses any other regular-expression
 * syntax: then whether an origin matches is unknown (and rules stay quiet), never run.
 */
export function originPatternTokens(pattern: string): WildcardToken[] | undefined {
  const tokens: WildcardToken[] = [];
  let firstStar = true;
  for (const c of pattern) {
    if (c === '*' && firstStar) {
      firstStar = false;
      tokens.push(ANY, ANY_RUN);
    } else if (c === '*') {
      const last = tokens.at(-1);
      if (!last || last.repeat) return undefined;
      tokens[tokens.length - 1] = { ...last, repeat: true };
    } else if ('\\^$|?+()[]{}'.includes(c)) {
      return undefined;
    } else tokens.push({ char: c, repeat: false });
  }
  return tokens;
}

/** Whether the whole text matches the tokens. */
export function matchesTokens(tokens: WildcardToken[], text: string): boolean {
  // `states[i]`: the tokens before i have matched the text read so far.
  let states = new Uint8Array(tokens.length + 1);
  states[0] = 1;
  closure(tokens, states);
  for (const c of text) {
    const next = new Uint8Array(tokens.length + 1);
    let any = false;
    for (let i = 0; i < tokens.length; i++) {
      if (!states[i]) continue;
      const t = tokens[i];
      if (t.char !== undefined && t.char !== c) continue;
      next[t.repeat ? i : i + 1] = 1;
      any = true;
    }
    if (!any) return false;
    closure(tokens, next);
    states = next;
  }
  return states[tokens.length] === 1;
}

/** Adds the states reachable by skipping repeated tokens (they may match nothing). */
function closure(tokens: WildcardToken[], states: Uint8Array): void {
  for (let i = 0; i < tokens.length; i++) if (states[i] && tokens[i].repeat) states[i + 1] = 1;
}
