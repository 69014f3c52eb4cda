/** One `### ❌ …` / `### ✅ …` example of a rule doc: its files and whether it must report the rule. */
export interface DocExample {
  title: string;
  incorrect: boolean;
  files: Record<string, string>;
}

/** Reads the examples under `## Examples`: each `###` heading starts one, each ```lang title=path block is a file. */
export function docExamples(markdown: string): DocExample[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Examples')) ?? '';
  const out: DocExample[] = [];
  for (const part of section.split(/^### /m).slice(1)) {
    const title = part.split('\n')[0].trim();
    const files: Record<string, string> = {};
    for (const m of part.matchAll(/^```\w+ title=(\S+)\n([\s\S]*?)^```$/gm)) files[m[1]] = m[2];
    out.push({ title, incorrect: title.startsWith('❌'), files });
  }
  return out;
}

/** The sections of a doc in order (`#` title, then `##` headings). */
export function docHeadings(markdown: string): string[] {
  return [...markdown.matchAll(/^(#{1,2}) (.+)$/gm)].map((m) => `${m[1]} ${m[2].trim()}`);
}

/** The first paragraph after the title. */
export function docDescription(markdown: string): string {
  return markdown.split('\n\n')[1]?.trim() ?? '';
}
