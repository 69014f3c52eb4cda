/**
 * Fixes are data: text edits in original-source offsets (docs/architecture.md#fixes). A Fix holds the
 * edits of one file and applies all-or-nothing.
 */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
}
