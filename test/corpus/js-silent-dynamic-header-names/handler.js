const HEADER_NAMES = process.env.RESPONSE_HEADER_NAMES.split(',');

module.exports.get = async (event) => {
  const headers = {};
  for (const name of HEADER_NAMES) {
    headers[name] = process.env[`HEADER_${name}`];
  }
  return { statusCode: 200, headers, body: '{}' };
};
