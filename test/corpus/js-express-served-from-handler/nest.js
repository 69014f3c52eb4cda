// NestJS on Express: the bootstrap returns the adapter serving Nest's Express instance.
const serverlessExpress = require('@codegenie/serverless-express');
const { NestFactory } = require('@nestjs/core');
const { AppModule } = require('./app.module');

let server;

async function bootstrap() {
  const nest = await NestFactory.create(AppModule, { cors: { origin: 'https://app.example.com' } });
  await nest.init();
  return serverlessExpress({ app: nest.getHttpAdapter().getInstance() });
}

exports.handler = async (event, context) => {
  if (!server) server = await bootstrap();
  return server(event, context);
};
