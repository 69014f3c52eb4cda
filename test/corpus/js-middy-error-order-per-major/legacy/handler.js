const middy = require('middy');
const { cors, httpErrorHandler } = require('middy/middlewares');

const base = async () => ({ statusCode: 200, body: 'ok' });

// 0.x: onError in registration order; httpErrorHandler replaces the response.
module.exports.good = middy(base).use(httpErrorHandler()).use(cors());
module.exports.bad = middy(base).use(cors()).use(httpErrorHandler());
