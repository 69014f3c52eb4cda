// The adapter's handler is a module constant the exported function calls.
const serverless = require('serverless-http');
const app = require('./app');

const handler = serverless(app);

module.exports.handler = async (event, context) => {
  context.callbackWaitsForEmptyEventLoop = false;
  return handler(event, context);
};
