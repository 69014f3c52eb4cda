const fastify = require('fastify');

function init() {
  const app = fastify();
  app.register(require('@fastify/cors'), { origin: true });
  app.get('/', (request, reply) => reply.send({ hello: 'world' }));
  return app;
}

module.exports = init;
