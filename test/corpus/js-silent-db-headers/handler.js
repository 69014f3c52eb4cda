const { getSettings } = require('./db');

module.exports.settings = async (event) => {
  const settings = await getSettings(event.pathParameters.tenant);
  return { statusCode: 200, headers: settings.responseHeaders, body: JSON.stringify(settings.data) };
};
