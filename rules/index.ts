import type { Rule } from '../src/rule.js';
import authorizerMissingGatewayResponses from './authorizer-missing-gateway-responses.js';
import handlerNotFound from './handler-not-found.js';
import missingAllowOrigin from './missing-allow-origin.js';
import parseError from './parse-error.js';
import wildcardOriginWithCredentials from './wildcard-origin-with-credentials.js';

/** Every rule, sorted by id (a meta test checks order and completeness against rules/*.ts). */
export const rules: Rule[] = [
  authorizerMissingGatewayResponses,
  handlerNotFound,
  missingAllowOrigin,
  parseError,
  wildcardOriginWithCredentials,
] as Rule[];
