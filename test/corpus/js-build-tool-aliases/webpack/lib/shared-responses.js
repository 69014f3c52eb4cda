exports.plain = (text) => ({ statusCode: 200, body: text });
