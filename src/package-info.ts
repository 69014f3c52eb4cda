import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  /** The folder holding cors-lint's package.json (the rule docs are under its rules/). */
  root: string;
  version: string;
  /** The repository's web address, without `git+` and `.git`. */
  repositoryUrl: string;
}

let info: PackageInfo | undefined;

/**
 * cors-lint's own package.json, found upward from this module: it sits one folder higher when
 * running from sources (tests) than from the built dist/.
 */
export function packageInfo(): PackageInfo {
  if (info) return info;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (nodeFs.existsSync(file)) {
      const pkg = JSON.parse(nodeFs.readFileSync(file, 'utf8')) as { version: string; repository: { url: string } };
      const repositoryUrl = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
      return (info = { root: dir, version: pkg.version, repositoryUrl });
    }
    if (path.dirname(dir) === dir) throw new Error('cors-lint: its package.json is missing');
  }
}

/** Where a rule's documentation is published: the rules/<id>.md page of the default branch. */
export function ruleDocsUrl(ruleId: string): string {
  return `${packageInfo().repositoryUrl}/blob/HEAD/rules/${ruleId}.md`;
}
