import { header, type FailureFact, type ResponseFact } from './facts.js';
import { siteText } from './run.js';

/**
 * Why a handler whose paths were all followed still does not give every path's answer, for
 * "not fully analysed" (`HandlerFacts.complete`): no path answers at all (no response, no
 * failure: a plain function that never calls its callback, or hands its answer to something
 * not followed), or a response whose Access-Control-Allow-Origin cannot be known (its headers
 * come from an object that was not read: `{ ...lib.headers() }`, `headers: build()`). A path
 * that fails is an answer: API Gateway's 502. Undefined when every answer is known.
 */
export function unknownAnswer(responses: ResponseFact[], failures: FailureFact[] | undefined, text: (file: string) => string | undefined): string | undefined {
  if (responses.length === 0 && !failures?.length) return 'no path was found to return a response';
  const unknown = responses.find((r) => header(r.headers, 'access-control-allow-origin').state === 'unknown');
  return unknown && `whether the response at ${siteText(unknown.site, text)} carries Access-Control-Allow-Origin cannot be known`;
}
