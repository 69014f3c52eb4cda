const DEFAULT_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Credentials': 'true',
};

class Response {
  constructor(opts = {}) {
    this.statusCode = opts.statusCode || 200;
    this.body = JSON.stringify(opts.body);
    this.headers = { ...DEFAULT_HEADERS, ...opts.headers };
  }
}

class ErrorResponse extends Response {
  constructor(err) {
    super({ statusCode: err.statusCode || 500, body: { message: err.message } });
  }
}

module.exports = { Response, ErrorResponse };
