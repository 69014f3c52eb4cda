module.exports.success = (body) => ({ statusCode: 200, body: JSON.stringify(body) });
module.exports.failure = (body, statusCode = 500) => ({ statusCode, body: JSON.stringify(body) });
