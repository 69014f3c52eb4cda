/**
 * The line ending new lines get: the one the file's first line ends with (`\r\n`, `\n` or a lone
 * `\r`), `\n` for a file of one line. A file with mixed endings keeps them; what a fix adds
 * follows its first line.
 */
export function lineEnding(text: string): string {
  const m = /\r\n|\n|\r/.exec(text);
  return m ? m[0] : '\n';
}
