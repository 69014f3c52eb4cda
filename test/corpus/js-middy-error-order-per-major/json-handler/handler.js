const middy = require('@middy/core');
const cors = require('@middy/http-cors');
const jsonErrorHandler = require('middy-middleware-json-error-handler');

const base = async () => ({ statusCode: 200, body: 'ok' });

// middy 4 runs onError in reverse: the JSON error handler must run first, so it is registered last.
module.exports.good = middy(base).use(cors()).use(jsonErrorHandler());
module.exports.bad = middy(base).use(jsonErrorHandler()).use(cors());
