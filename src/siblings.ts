import { discoverConfigs } from './discover.js';
import type { FileSystem } from './fs.js';
import type { Project } from './model/types.js';

/**
 * The other services of a repository, for what one service needs to know of them (the stack that
 * defines a REST API it attaches to, src/model/shared-api.ts). Each is read as configuration only
 * (its handlers are never analysed), once per run: `SiblingCache` holds the models per repository
 * root and stage, whichever service asked first.
 */
export type SiblingCache = Map<string, Project[]>;

/**
 * Every service config of the repository as a model, `load`ed on first request, the service at
 * `configFile` left out. Found the way a run over the repository finds them (src/discover.ts), so a
 * service linted alone still sees the services beside it.
 */
export function siblingProjects(
  fs: FileSystem,
  repoRoot: string,
  stage: string | undefined,
  configFile: string,
  cache: SiblingCache,
  load: (configFile: string) => Project,
): Project[] {
  const key = `${repoRoot}\0${stage ?? ''}`;
  let all = cache.get(key);
  if (!all) {
    // A sibling that cannot be read owns nothing here; its own run reports why.
    all = discoverConfigs(fs, repoRoot).configs.flatMap((file) => {
      try {
        return [load(file)];
      } catch {
        return [];
      }
    });
    cache.set(key, all);
  }
  return all.filter((p) => p.configFile !== configFile && !p.notLinted);
}
