import type { Rule } from '../src/rule.js';
import allowedHeadersIncomplete from './allowed-headers-incomplete.js';
import authorizerMissingGatewayResponses from './authorizer-missing-gateway-responses.js';
import authorizerPreflight from './authorizer-preflight.js';
import backendCorsIgnored from './backend-cors-ignored.js';
import corsPathConflict from './cors-path-conflict.js';
import credentialsMismatch from './credentials-mismatch.js';
import handlerNotFound from './handler-not-found.js';
import invalidCorsConfig from './invalid-cors-config.js';
import invalidGatewayResponse from './invalid-gateway-response.js';
import malformedOrigin from './malformed-origin.js';
import middyCorsNoOrigin from './middy-cors-no-origin.js';
import middyCorsOrder from './middy-cors-order.js';
import missing5xxGatewayResponse from './missing-5xx-gateway-response.js';
import missingAllowOrigin from './missing-allow-origin.js';
import missingFileReference from './missing-file-reference.js';
import missingPreflight from './missing-preflight.js';
import missingVaryOrigin from './missing-vary-origin.js';
import nonProxyOriginList from './non-proxy-origin-list.js';
import originHeaderCase from './origin-header-case.js';
import originMismatch from './origin-mismatch.js';
import parseError from './parse-error.js';
import reflectedOrigin from './reflected-origin.js';
import wildcardOriginWithCredentials from './wildcard-origin-with-credentials.js';

/** Every rule, sorted by id (a meta test checks order and completeness against rules/*.ts). */
export const rules: Rule[] = [
  allowedHeadersIncomplete,
  authorizerMissingGatewayResponses,
  authorizerPreflight,
  backendCorsIgnored,
  corsPathConflict,
  credentialsMismatch,
  handlerNotFound,
  invalidCorsConfig,
  invalidGatewayResponse,
  malformedOrigin,
  middyCorsNoOrigin,
  middyCorsOrder,
  missing5xxGatewayResponse,
  missingAllowOrigin,
  missingFileReference,
  missingPreflight,
  missingVaryOrigin,
  nonProxyOriginList,
  originHeaderCase,
  originMismatch,
  parseError,
  reflectedOrigin,
  wildcardOriginWithCredentials,
] as Rule[];
