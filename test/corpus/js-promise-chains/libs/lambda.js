// Runs a function body and turns its result (or its error) into an HTTP response.
export default function lambdaHandler(body) {
  return function (event, context) {
    return Promise.resolve()
      .then(() => body(event, context))
      .then((result) => [200, result])
      .catch((error) => [500, { error: error.message }])
      .then(([statusCode, payload]) => ({
        statusCode,
        headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': true },
        body: JSON.stringify(payload),
      }));
  };
}
