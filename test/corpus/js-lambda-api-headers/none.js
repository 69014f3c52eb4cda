// No CORS: the routes' own responses are not followed, so the header is unknown.
const api = require('lambda-api')();

api.get('/items', async (req, res) => res.status(200).json({ items: [] }));

exports.handler = async (event, context) => api.run(event, context);
