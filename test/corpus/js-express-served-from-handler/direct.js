// The adapter is built and called on every invocation.
const serverless = require('serverless-http');
const app = require('./app');

module.exports.handler = (event, context) => serverless(app)(event, context);
