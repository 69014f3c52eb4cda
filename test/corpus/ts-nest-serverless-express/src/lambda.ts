// NestJS on Express: enableCors is the cors package; the controllers are not followed.
import serverlessExpress from '@codegenie/serverless-express';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

let server: ReturnType<typeof serverlessExpress> | undefined;

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({ origin: true, credentials: true });
  await app.init();
  const expressApp = app.getHttpAdapter().getInstance();
  return serverlessExpress({ app: expressApp });
}

export const handler = async (event: unknown, context: unknown, callback: unknown) => {
  server = server ?? (await bootstrap());
  return server(event, context, callback);
};
