// The variable may hold another handler, one that cannot be followed: its answer stays unknown.
const serverless = require('serverless-http');
const { legacyHandler } = require('legacy-lib');
const app = require('./app');

let handle = serverless(app);
if (process.env.LEGACY) handle = legacyHandler;

module.exports.handler = async (event, context) => handle(event, context);
