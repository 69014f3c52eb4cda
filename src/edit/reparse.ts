import { isAlias, parseDocument, visit, type Document, type SchemaOptions } from 'yaml';
import { parseSource } from '../analysis/parse.js';
import { cfnTags } from '../config/cfn-tags.js';
import { isScript } from './js-edits.js';

/**
 * The re-parse guard of the fix loop (docs/architecture.md#fixes): undefined when the fixed text
 * still parses, else the parser's message. Config files (YAML, JSON) and handler sources (JS, TS)
 * are checked; any other path passes unchecked.
 *
 * YAML is parsed with the loader's CloudFormation `customTags` by default. Without them, `!Ref`
 * and friends only produce unknown-tag warnings, which are accepted; errors (syntax, duplicate
 * keys) fail, and so does an alias whose anchor is gone, which yaml itself only notices when
 * the document is converted. Merge keys are on because the framework's loader (js-yaml) reads `<<`.
 */
export function reparses(path: string, text: string, customTags: SchemaOptions['customTags'] = cfnTags): string | undefined {
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'json') {
    try {
      JSON.parse(text.replace(/^\uFEFF/, ''));
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
  if (ext === 'yml' || ext === 'yaml') {
    const doc = parseDocument(text, { customTags, merge: true });
    return doc.errors[0]?.message ?? unresolvedAlias(doc);
  }
  if (isScript(path)) {
    // typescript-estree (and the compiler behind it) loads on the first handler fix.
    const parsed = parseSource(path, text);
    return parsed.ok ? undefined : parsed.message;
  }
  return undefined;
}

function unresolvedAlias(doc: Document): string | undefined {
  const anchors = new Set<string>();
  let message: string | undefined;
  visit(doc, {
    Node(_, node) {
      if (!isAlias(node)) {
        if (node.anchor) anchors.add(node.anchor);
      } else if (!anchors.has(node.source)) {
        message = `Unresolved alias *${node.source}: its anchor must come before it`;
        return visit.BREAK;
      }
    },
  });
  return message;
}
