import { lazy } from './lazy.js';

/**
 * Nesting estimated from the text, before a parser sees it. The YAML and TypeScript parsers
 * recurse once per level of the tree; far enough down, the stack runs out, and when that happens
 * while V8 compiles a regular expression the process dies ("RegExpCompiler Allocation failed")
 * instead of throwing. So a file is measured first, without recursion, and one that may nest
 * deeper than the limit is never parsed. The estimates err on the deep side: a level counted too
 * many costs nothing on real files, which nest a few dozen levels at most.
 */

interface Level {
  column: number;
  /** A `- ` (or `? `) item marker, as opposed to a key or value starting at that column. */
  item: boolean;
}

/** Whether a YAML (or JSON) text may nest deeper than `limit`: block indentation, item markers and flow brackets. */
export function yamlNestingExceeds(text: string, limit: number): boolean {
  const levels: Level[] = [];
  let flow = 0;
  let quote = '';
  let blockScalarOwner = -1;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let at = start;
    while (text[at] === ' ') at++;
    const column = at - start;
    let first = at;
    while (first < end && (text[first] === '\t' || text[first] === '\r')) first++;
    const blank = first === end || text[first] === '#';
    // The lines of a `|` or `>` block scalar are text, however they are indented.
    const inBlockScalar = blockScalarOwner >= 0 && (blank || column > blockScalarOwner);
    if (!inBlockScalar) blockScalarOwner = -1;
    if (!inBlockScalar && !blank) {
      let nodeStart = true;
      // The next content starts a node of its own: at the line's start, and after each item marker.
      let pendingNode = true;
      let lineStart = true;
      for (let i = at; i < end; i++) {
        const c = text[i];
        if (quote) {
          if (c === '\\' && quote === '"') i++;
          else if (c === quote && !(quote === "'" && text[i + 1] === "'")) quote = '';
          else if (c === "'" && quote === "'") i++;
          continue;
        }
        const next = text[i + 1];
        const spaceAfter = next === undefined || next === ' ' || next === '\t' || next === '\r' || i + 1 === end;
        if (c === ' ' || c === '\t' || c === '\r') continue;
        if (c === '#' && (i === at || /[ \t]/.test(text[i - 1]))) break;
        if (flow === 0 && nodeStart && (c === '-' || c === '?') && spaceAfter) {
          push(levels, i - start, true, lineStart);
          lineStart = false;
          pendingNode = true;
          continue;
        }
        if (flow === 0 && pendingNode) {
          push(levels, i - start, false, lineStart);
          lineStart = false;
          pendingNode = false;
        }
        if (c === ':' && (spaceAfter || flow > 0)) nodeStart = true;
        else if (c === ',' && flow > 0) nodeStart = true;
        else if ((c === '[' || c === '{') && (nodeStart || flow > 0)) {
          flow++;
          nodeStart = true;
          if (levels.length + flow > limit) return true;
        } else if ((c === ']' || c === '}') && flow > 0) {
          flow--;
          nodeStart = false;
        } else if ((c === '"' || c === "'") && nodeStart) {
          quote = c;
          nodeStart = false;
        } else if ((c === '|' || c === '>') && nodeStart && flow === 0) {
          blockScalarOwner = column;
          break;
        } else if ((c === '!' || c === '&') && nodeStart) {
          // A tag or an anchor: the node follows it.
          while (i + 1 < end && !/[ \t\r]/.test(text[i + 1])) i++;
        } else nodeStart = false;
      }
      if (levels.length + flow > limit) return true;
    }
    start = end + 1;
  }
  return false;
}

/**
 * A node starting at `column`: siblings and deeper levels end where it starts, except that a
 * sequence may sit at the column of the key that owns it (`key:\n- item`).
 */
function push(levels: Level[], column: number, item: boolean, lineStart: boolean): void {
  if (lineStart) {
    while (levels.length > 0) {
      const top = levels[levels.length - 1];
      if (top.column < column || (item && !top.item && top.column === column)) break;
      levels.pop();
    }
  }
  levels.push({ column, item });
}

type JsTokens = typeof import('js-tokens').default;
type Token = JsTokens extends (text: string) => Iterable<infer T> ? T : never;

/** A tokenizer that never recurses nor throws: one regular expression, 4 ms to load. */
const jsTokens = lazy<JsTokens>('js-tokens');

/**
 * Whether JavaScript or TypeScript may nest deeper than `limit`. Brackets (template `${` included)
 * open levels; within a level, operators, `.`, calls, `=>`, `else` and prefix keywords chain
 * (`'a' + 'a' + …` and `x.then().then()` are left-deep trees), until a `,` or `;`, or a line
 * break that does not continue the expression. JSX is read as JavaScript: its tags are operators.
 */
export function scriptNestingExceeds(text: string, limit: number): boolean {
  // One entry per open level: its chain length; `template` when it is a `${` expression.
  const levels: { chain: number; template: boolean }[] = [{ chain: 0, template: false }];
  let depth = 1;
  let previous: Token | undefined;
  let lineBreak = false;
  for (const token of jsTokens()(text)) {
    const { type, value } = token;
    if (type === 'WhiteSpace' || type === 'SingleLineComment' || type === 'HashbangComment') continue;
    if (type === 'LineTerminatorSequence' || type === 'MultiLineComment') {
      lineBreak ||= type === 'LineTerminatorSequence' || /[\n\r\u2028\u2029]/.test(value);
      continue;
    }
    const level = levels[levels.length - 1];
    const punctuator = type === 'Punctuator' ? value : undefined;
    if ((type === 'TemplateMiddle' || type === 'TemplateTail') && level.template && levels.length > 1) {
      levels.pop();
      depth -= 1 + level.chain;
      if (type === 'TemplateMiddle') {
        levels.push({ chain: 0, template: true });
        depth += 1;
      }
    } else if (punctuator === '(' || punctuator === '[' || punctuator === '{' || type === 'TemplateHead') {
      // A call, an index or a template after an operand chains on it: `p.then(f).then(f)`, `a[0][0]`, tag`${…}`.
      if (type === 'TemplateHead' || (punctuator !== '{' && endsOperand(previous))) {
        level.chain++;
        depth++;
      }
      levels.push({ chain: 0, template: type === 'TemplateHead' });
      depth += 1;
    } else if ((punctuator === ')' || punctuator === ']' || punctuator === '}') && levels.length > 1) {
      levels.pop();
      depth -= 1 + level.chain;
    } else if (punctuator === ',' || punctuator === ';') {
      depth -= level.chain;
      level.chain = 0;
    } else {
      if (lineBreak && !isOperator(previous) && !isOperator(token) && !(type === 'IdentifierName' && value === 'else')) {
        depth -= level.chain;
        level.chain = 0;
      }
      if (isOperator(token) || (type === 'IdentifierName' && CHAIN_KEYWORDS.has(value))) {
        level.chain++;
        depth++;
      }
    }
    if (depth > limit) return true;
    previous = token;
    lineBreak = false;
  }
  return false;
}

/** Punctuation that joins operands (binary, assignment, `.`, `?.`, `=>`, `?`, `:`, prefix `!`, `...`; `@` reads as invalid). */
function isOperator(token: Token | undefined): boolean {
  if (token?.type === 'Invalid') return true;
  return token?.type === 'Punctuator' && !'()[]{},;'.includes(token.value);
}

/** Prefix and chaining keywords: `else if` chains, `new new`, `await await`, `typeof typeof`. */
const CHAIN_KEYWORDS = new Set(['else', 'new', 'await', 'typeof', 'void', 'delete', 'yield']);

/** Reserved words: none of them ends an operand except the literals `this`, `super`, `true`, `false`, `null`. */
const KEYWORDS = new Set(
  'await break case catch class const continue debugger default delete do else enum export extends finally for function if import in instanceof let new return static switch throw try typeof var void while with yield'.split(
    ' ',
  ),
);

/** Whether the token ends an operand, so that a following `(` or `[` calls or indexes it. */
function endsOperand(token: Token | undefined): boolean {
  switch (token?.type) {
    case 'IdentifierName':
      return !KEYWORDS.has(token.value);
    case 'Punctuator':
      return [')', ']', '}', '++', '--'].includes(token.value);
    case 'NumericLiteral':
    case 'StringLiteral':
    case 'RegularExpressionLiteral':
    case 'NoSubstitutionTemplate':
    case 'TemplateTail':
      return true;
    default:
      return false;
  }
}

/**
 * Whether Python may nest deeper than `limit`: lezer builds its tree recursively. Brackets open
 * levels; within a level, operator characters and `.` chain (`'a' + 'a' + …` is a left-deep tree)
 * until a `,` or `:`, or a line break outside brackets; indentation counts one level per column.
 * Strings and comments are skipped.
 */
export function pythonNestingExceeds(text: string, limit: number): boolean {
  const chains: number[] = [0];
  let depth = 0;
  let indent = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    if (lineStart) {
      indent = 0;
      for (; text[i] === ' ' || text[i] === '\t'; i++) indent++;
      lineStart = false;
      if (i >= text.length) break;
    }
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
    } else if (c === '"' || c === "'") {
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length;
      while (i < text.length && !text.startsWith(quote, i) && (quote.length === 3 || text[i] !== '\n')) i += text[i] === '\\' ? 2 : 1;
      i += quote.length - 1;
    } else if (c === '(' || c === '[' || c === '{') {
      chains.push(0);
      depth++;
    } else if ((c === ')' || c === ']' || c === '}') && chains.length > 1) {
      depth -= 1 + chains.pop()!;
    } else if (c === ',' || c === ':' || (c === '\n' && chains.length === 1)) {
      depth -= chains[chains.length - 1];
      chains[chains.length - 1] = 0;
      if (c === '\n') lineStart = true;
    } else if ('+-*/%&|^<>=.@~'.includes(c)) {
      chains[chains.length - 1]++;
      depth++;
    }
    if (depth + indent > limit) return true;
  }
  return false;
}
