const api = require('lambda-api')({ version: 'v1.0', base: 'v1' });

api.use((req, res, next) => {
  res.cors({ origin: 'https://app.example.com', credentials: true });
  next();
});

api.options('/*', (req, res) => {
  res.cors();
  res.status(200).send({});
});

api.get('/status', async (req, res) => {
  return { status: 'ok', tenant: req.headers['x-tenant-id'] };
});

exports.handler = async (event, context) => {
  return await api.run(event, context);
};
