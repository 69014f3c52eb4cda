const { withObservability } = require('@acme/lambda-toolkit');

const hello = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: 'hi' });

module.exports.handler = withObservability(hello, { tracing: true });
