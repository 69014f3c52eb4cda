const { guarded, instrument, withErrors, wrapHandler, timed } = require('./lib/wrappers');

const headers = { 'Access-Control-Allow-Origin': '*' };

exports.caught = withErrors(async (event) => {
  if (!event.queryStringParameters) throw new Error('no query');
  return { statusCode: 200, headers, body: '[]' };
});

exports.staged = wrapHandler(async (event) => {
  if (!event.body) throw new Error('empty');
  return { statusCode: 201, headers, body: event.body };
});

exports.applied = timed(async () => ({ statusCode: 200, headers, body: 'ok' }));

exports.opaque = instrument(async () => ({ statusCode: 200, body: 'no header' }));

exports.called = guarded(async (event) => ({ statusCode: 200, headers, body: event.headers.host }));
