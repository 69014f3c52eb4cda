// The adapter is made on the first invocation and kept for the next ones.
const serverlessExpress = require('@codegenie/serverless-express');
const app = require('./app');

let cached;

exports.handler = async (event, context) => {
  cached ??= serverlessExpress({ app });
  return cached(event, context);
};
