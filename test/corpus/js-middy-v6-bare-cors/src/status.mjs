import middy from '@middy/core';
import cors from '@middy/http-cors';
import httpErrorHandler from '@middy/http-error-handler';

const lambdaHandler = async (event) => {
  return { statusCode: 200, body: JSON.stringify({ ok: true }) };
};

export const handler = middy().use(cors()).use(httpErrorHandler()).handler(lambdaHandler);
