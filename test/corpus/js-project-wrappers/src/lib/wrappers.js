const Sentry = require('@sentry/serverless');

const headers = { 'Access-Control-Allow-Origin': '*' };

// A catch that answers the error itself (without the header).
exports.withErrors = (fn) => async (event, context) => {
  try {
    return await fn(event, context);
  } catch (err) {
    return { statusCode: 500, body: JSON.stringify({ message: err.message }) };
  }
};

// The handler itself on local runs, a monitoring wrapper that awaits it elsewhere.
exports.wrapHandler = (fn) => {
  if (process.env.IS_OFFLINE) return fn;
  return Sentry.AWSLambda.wrapHandler(async (event, context) => {
    const result = await fn(event, context);
    console.log('done', event.path);
    return result;
  });
};

// An old-style wrapper passing its arguments on.
exports.timed = function (fn) {
  return async function () {
    const started = Date.now();
    const result = await fn.apply(this, arguments);
    console.log(Date.now() - started);
    return result;
  };
};

// Passes the event and context on with fn.call; its own answer lacks the header.
exports.guarded = (fn) =>
  function (event, context) {
    if (!event.headers) return { statusCode: 400, body: 'no headers' };
    return fn.call(this, event, context);
  };

// Builds the response from the value the function returns.
exports.http = (fn) => async (event) => {
  try {
    return { statusCode: 200, headers, body: JSON.stringify(await fn(event)) };
  } catch (err) {
    return { statusCode: err.statusCode ?? 500, headers, body: JSON.stringify({ message: err.message }) };
  }
};

// Hands the function to a package cors-lint does not model: what it returns is unknown.
exports.instrument = (fn) => require('@acme/toolkit').instrument(fn);
