// A middleware sets the CORS headers with res.header(): they are the app's.
const api = require('lambda-api')();

api.use((req, res, next) => {
  res.header('Access-Control-Allow-Origin', '*');
  res.header('Access-Control-Allow-Credentials', 'true');
  next();
});
api.get('/items', async () => ({ items: [] }));

exports.handler = async (event, context) => api.run(event, context);
