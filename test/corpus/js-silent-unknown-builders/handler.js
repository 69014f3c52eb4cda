const handler = require('serverless-express/handler');
const { ok, HttpResponse } = require('@acme/http-responses');
const app = require('./app');

// The package's wrapper is not modelled: nothing is known about what it answers.
module.exports.api = handler(app);

module.exports.status = async () => {
  return ok({ healthy: true });
};

module.exports.legacy = (event, context, callback) => {
  callback(null, new HttpResponse(200, { legacy: true }));
};
