// @as-integrations/aws-lambda sends no CORS header; its middleware may add some (not followed).
import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';

const server = new ApolloServer({ typeDefs: 'type Query { a: Int }', resolvers: {} });
const requestHandler = handlers.createAPIGatewayProxyEventRequestHandler();

export const bare = startServerAndCreateLambdaHandler(server, requestHandler);

const cors = async () => async (result) => {
  result.headers = { ...result.headers, 'Access-Control-Allow-Origin': '*' };
};
export const withMiddleware = startServerAndCreateLambdaHandler(server, requestHandler, { middleware: [cors] });
