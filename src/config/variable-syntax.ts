/**
 * The grammar of Serverless v3 variables: text in, syntax out. It mirrors the framework's parser
 * (lib/configuration/variables/parse.js) and knows nothing of sources or values; resolution lives
 * in variables.ts (docs/cors-semantics.md#variables).
 */

export type Literal = string | number | boolean | null;

/** A `${…}` occurrence; offsets index the string it was parsed from. */
export interface Variable {
  start: number;
  end: number;
  /** The first source, then its fallbacks. */
  sources: VariableSource[];
}

export type VariableSource = { type: string; params?: Operand[]; address?: Operand } | { literal: Literal };

/** A param or address: a literal, or a slice of the string whose nested variables resolve first. */
export type Operand = { literal: Literal } | { start: number; end: number; variables: Variable[] };

export class VariableSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

/**
 * The Serverless variables in `text`, outermost only (nested ones sit in params and addresses).
 * `${…}` whose first character is not a lowercase letter, or that has no `source:`/`source(`
 * (`${AWS::Region}`, `${MyBucket.Arn}`, `${foo}`), is CloudFormation text, not a variable.
 * Throws VariableSyntaxError where the framework would refuse the string.
 */
export function parseVariables(text: string): Variable[] {
  return text.includes('${') ? new VariableParser(text).all() : [];
}

const isNameChar = (c: string | undefined) => c !== undefined && /[a-zA-Z0-9.]/.test(c);
const isSourceType = (s: string) => /^[a-z][a-zA-Z0-9]*$/.test(s);

class VariableParser {
  private i = 0;

  constructor(private readonly text: string) {}

  all(): Variable[] {
    const found: Variable[] = [];
    const t = this.text;
    for (this.i = 0; this.i < t.length; this.i++) {
      if (t[this.i] === '\\') this.i++;
      else if (t[this.i] === '$' && t[this.i + 1] === '{') {
        const start = this.i;
        const variable = this.variable(false);
        // Not a variable: keep scanning inside it, nested variables still count.
        this.i = variable ? variable.end - 1 : start + 1;
        if (variable) found.push(variable);
      }
    }
    return found;
  }

  /** At `${`; undefined when the text is not a variable (only possible when not nested). */
  private variable(nested: boolean): Variable | undefined {
    const t = this.text;
    const start = this.i;
    this.i += 2;
    if (!/[a-z]/.test(t[this.i] ?? '')) return this.notVariable(nested);
    const typeStart = this.i;
    while (isNameChar(t[this.i])) this.i++;
    if (t[this.i] !== ':' && t[this.i] !== '(') return this.notVariable(nested);
    const first = this.reference(t.slice(typeStart, this.i), !nested);
    if (!first) return undefined;
    const sources: VariableSource[] = [first];
    while (t[this.i] === ',') {
      this.i++;
      sources.push(this.fallback());
    }
    return { start, end: this.i + 1, sources };
  }

  private notVariable(nested: boolean): undefined {
    if (!nested) return undefined;
    throw this.i >= this.text.length ? this.unterminated() : this.error('invalid variable type');
  }

  /**
   * After the type, at `:` or `(`; leaves the cursor at `,` or `}`. `mayBeText`: this is the
   * first source of an outermost `${`, which `::` turns back into plain text.
   */
  private reference(type: string, mayBeText: boolean): VariableSource | undefined {
    const t = this.text;
    const source: { type: string; params?: Operand[]; address?: Operand } = { type };
    if (t[this.i] === '(') {
      this.i++;
      source.params = this.params();
      this.skipSpaces();
      if (t[this.i] !== ':') return this.atSourceEnd(source);
    }
    this.i++;
    this.skipSpaces();
    if (t[this.i] === ':') {
      if (mayBeText && !source.params) return undefined;
      throw this.error('invalid variable address');
    }
    if (t[this.i] !== ',' && t[this.i] !== '}') source.address = this.operand('address');
    return this.atSourceEnd(source);
  }

  private atSourceEnd<T>(source: T): T {
    const c = this.text[this.i];
    if (c === ',' || c === '}') return source;
    throw c === undefined ? this.unterminated() : this.error('invalid variable address');
  }

  /** After `(`; leaves the cursor after `)`. */
  private params(): Operand[] {
    const params: Operand[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.text[this.i];
      if (c === undefined) throw this.unterminated();
      if (c === ')') {
        this.i++;
        return params;
      }
      if (c === ',') {
        params.push({ literal: null });
        this.i++;
        continue;
      }
      if (c === '}') throw this.error('invalid variable param');
      params.push(this.operand('param'));
      const next = this.text[this.i];
      if (next === ',') this.i++;
      else if (next !== ')') throw next === undefined ? this.unterminated() : this.error('invalid variable param');
    }
  }

  /** A fallback source after `,`: another reference, a quoted string or a true/false/null/number literal. */
  private fallback(): VariableSource {
    const t = this.text;
    this.skipSpaces();
    if (t[this.i] === '"' || t[this.i] === "'") {
      const literal = this.quoted();
      this.skipSpaces();
      if (t[this.i] !== '}') throw t[this.i] === undefined ? this.unterminated() : this.error('invalid variable source');
      return { literal };
    }
    if (!isNameChar(t[this.i])) throw t[this.i] === undefined ? this.unterminated() : this.error('invalid variable source');
    const start = this.i;
    while (isNameChar(t[this.i]) || t[this.i] === ' ') this.i++;
    const word = t.slice(start, this.i);
    const next = t[this.i];
    if (next === '}') return { literal: this.literal(word.trim(), false, start) };
    if ((next === ':' || next === '(') && isSourceType(word)) return this.reference(word, false)!;
    throw next === undefined ? this.unterminated() : this.error('invalid variable source', start);
  }

  /** A quoted string, or raw text up to the end of the param/address with its nested variables. */
  private operand(kind: 'param' | 'address'): Operand {
    const t = this.text;
    if (t[this.i] === '"' || t[this.i] === "'") {
      const literal = this.quoted();
      this.skipSpaces();
      return { literal };
    }
    const start = this.i;
    const variables: Variable[] = [];
    for (;;) {
      const c = t[this.i];
      if (c === undefined) throw this.unterminated();
      if (c === ',' || c === (kind === 'param' ? ')' : '}')) break;
      if (c === '$' && t[this.i + 1] === '{') {
        const nested = this.variable(true)!;
        variables.push(nested);
        this.i = nested.end;
        continue;
      }
      if (kind === 'param' && c === '}') throw this.error('invalid variable param');
      if (kind === 'address' && c === ':') throw this.error('invalid variable address');
      this.i++;
    }
    let end = this.i;
    while (end > start && /\s/.test(t[end - 1])) end--;
    if (variables.length) return { start, end, variables };
    const raw = t.slice(start, end);
    return { literal: kind === 'param' ? this.literal(raw, true, start) : raw };
  }

  private quoted(): string {
    const t = this.text;
    const start = this.i;
    const quote = t[this.i++];
    while (this.i < t.length && t[this.i] !== quote) this.i += quote === '"' && t[this.i] === '\\' ? 2 : 1;
    if (this.i >= t.length) throw this.unterminated();
    const raw = t.slice(start, ++this.i);
    if (quote === "'") return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      throw this.error('invalid string literal', start);
    }
  }

  private literal(word: string, textAllowed: boolean, at: number): Literal {
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (word !== '' && !Number.isNaN(Number(word))) return Number(word);
    if (textAllowed) return word;
    throw this.error(`invalid literal source ${word}`, at);
  }

  private skipSpaces(): void {
    while (this.text[this.i] === ' ') this.i++;
  }

  private error(message: string, at = this.i): VariableSyntaxError {
    return new VariableSyntaxError(message, at);
  }

  private unterminated(): VariableSyntaxError {
    return new VariableSyntaxError('missing closing brace', this.text.length);
  }
}
