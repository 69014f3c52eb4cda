/** ANSI styles for the human formats; every function is the identity when colour is off. */
export interface Palette {
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

const style = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function palette(color: boolean): Palette {
  if (!color) {
    const plain = (s: string) => s;
    return { red: plain, yellow: plain, dim: plain, bold: plain, underline: plain };
  }
  return { red: style(31, 39), yellow: style(33, 39), dim: style(2, 22), bold: style(1, 22), underline: style(4, 24) };
}

/**
 * Whether to colour: `--color`/`--no-color` win; then FORCE_COLOR (any value but 0 or false forces it,
 * and it overrides NO_COLOR, as in Node.js); then NO_COLOR (set and not empty, per no-color.org);
 * otherwise only when the output is a terminal that is not TERM=dumb.
 */
export function shouldColor(flag: boolean | undefined, env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== 'dumb';
}
