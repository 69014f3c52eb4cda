exports.legacy = function (event, context) {
  context.succeed({ statusCode: 200, body: JSON.stringify({ ok: true }) });
};

exports.done = function (event, context) {
  context.done(null, { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: '' });
};
