import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultLevel } from '../rule.js';
import { packageInfo, ruleDocsUrl } from '../package-info.js';
import type { EditRange, LintMessage, RunReport } from '../results.js';
import { rules } from '../../rules/index.js';

export interface SarifOptions {
  /** The repository root: result URIs are relative to it (%SRCROOT%), as code scanning expects. */
  root: string;
}

const SRCROOT = '%SRCROOT%';

/** A file's location: relative to %SRCROOT% when inside it, else an absolute file URI. */
function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(file).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function physicalLocation(file: string, root: string, m: Pick<LintMessage, 'line' | 'column'> & Partial<Pick<LintMessage, 'endLine' | 'endColumn'>>) {
  const region: Record<string, number> = { startLine: m.line, startColumn: m.column };
  if (m.endLine !== undefined && m.endColumn !== undefined) Object.assign(region, { endLine: m.endLine, endColumn: m.endColumn });
  return { artifactLocation: artifactLocation(file, root), region };
}

/** The rule's doc as help: code scanning shows it next to each alert. */
function helpMarkdown(ruleId: string): string | undefined {
  try {
    return nodeFs.readFileSync(path.join(packageInfo().root, 'rules', `${ruleId}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

function reportingDescriptor(rule: (typeof rules)[number]) {
  const { meta } = rule;
  const level = defaultLevel(rule.meta);
  const helpUri = ruleDocsUrl(meta.id);
  const markdown = helpMarkdown(meta.id);
  return {
    id: meta.id,
    shortDescription: { text: meta.description },
    helpUri,
    help: { text: `${meta.description}. See ${helpUri}`, ...(markdown !== undefined && { markdown }) },
    defaultConfiguration: { enabled: level !== 'off', level: meta.severity },
    properties: { tags: ['cors', 'serverless'], ...(meta.fixable && { fixable: true }) },
  };
}

function fix(description: string, findingFile: string, root: string, edit: EditRange) {
  const [start, end] = edit.range;
  return {
    description: { text: description },
    artifactChanges: [
      {
        artifactLocation: artifactLocation(edit.filePath ?? findingFile, root),
        replacements: [{ deletedRegion: { charOffset: start, charLength: end - start }, insertedContent: { text: edit.text } }],
      },
    ],
  };
}

/**
 * A fingerprint that survives edits elsewhere in the file: the rule, the file and the message (which
 * names the function, route and values but no line), plus a count among identical findings.
 */
function fingerprinter(root: string) {
  const seen = new Map<string, number>();
  return (file: string, m: LintMessage) => {
    const key = [m.ruleId, path.relative(root, file).split(path.sep).join('/'), m.message].join('\0');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${n}`;
  };
}

/** SARIF 2.1.0, for GitHub code scanning and other viewers. */
export function formatSarif(report: RunReport, opts: SarifOptions): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const fingerprint = fingerprinter(opts.root);
  const results = report.results.flatMap((r) =>
    r.messages.map((m) => ({
      ...(m.ruleId && { ruleId: m.ruleId, ruleIndex: ruleIndex.get(m.ruleId) }),
      level: m.severity === 2 ? 'error' : 'warning',
      message: { text: m.message },
      locations: [
        {
          physicalLocation: physicalLocation(r.filePath, opts.root, m),
          ...(m.functionName && { logicalLocations: [{ name: m.functionName, kind: 'function' }] }),
        },
      ],
      ...(m.related && {
        relatedLocations: m.related.map((x, i) => ({ id: i + 1, physicalLocation: physicalLocation(x.filePath, opts.root, x), message: { text: x.message } })),
      }),
      partialFingerprints: { 'corsLintFinding/v1': fingerprint(r.filePath, m) },
      ...((m.fix || m.suggestions) && {
        fixes: [
          ...(m.fix ? [fix(`Apply the safe fix (--fix): ${m.message}`, r.filePath, opts.root, m.fix)] : []),
          ...(m.suggestions ?? []).map((s) => fix(s.desc, r.filePath, opts.root, s.fix)),
        ],
      }),
      ...(m.route && { properties: { route: m.route } }),
    })),
  );
  const notifications = report.incomplete.map((i) => ({
    level: 'note',
    message: { text: `Function ${i.functionName} not fully analysed: ${i.reason}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(i.configFile, opts.root) } }],
  }));
  const { version, repositoryUrl } = packageInfo();
  const log = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cors-lint', version, semanticVersion: version, informationUri: repositoryUrl, rules: rules.map(reportingDescriptor) } },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(opts.root.endsWith(path.sep) ? opts.root : opts.root + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
