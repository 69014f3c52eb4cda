import middy from '@middy/core';
import cors from '@middy/http-cors';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const ALLOWED = ['https://app.example.com', 'https://admin.example.com'];

const getProfile = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const userId = event.requestContext.authorizer?.claims?.sub;
  return { statusCode: 200, body: JSON.stringify({ userId }) };
};

export const handler = middy(getProfile).use(cors({ origins: ALLOWED, credentials: true }));
