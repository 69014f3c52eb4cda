const Sentry = require('@sentry/aws-serverless');
const { datadog } = require('datadog-lambda-js');
const lumigo = require('@lumigo/tracer')({ token: process.env.LUMIGO_TOKEN });
const epsagon = require('epsagon');

const headers = { 'Access-Control-Allow-Origin': '*' };

exports.sentry = Sentry.wrapHandler(async (event) => {
  if (!event.body) throw new Error('empty');
  return { statusCode: 200, headers, body: 'ok' };
});

exports.datadog = datadog(async () => ({ statusCode: 200, body: 'no header' }));

exports.lumigo = lumigo.trace((event, context, callback) => {
  callback(null, { statusCode: 200, headers, body: 'ok' });
});

exports.epsagon = epsagon.lambdaWrapper(async () => ({ statusCode: 200, headers, body: 'ok' }));
