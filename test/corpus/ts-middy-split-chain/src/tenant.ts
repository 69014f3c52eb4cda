import middy from '@middy/core';
import cors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';

const baseHandler = async (event) => {
  const tenant = event.headers['x-tenant-id'];
  if (!tenant) return { statusCode: 400, body: 'tenant required' };
  return { statusCode: 200, body: JSON.stringify({ tenant }) };
};

const handler = middy(baseHandler);
handler.use(httpHeaderNormalizer());
handler.use(cors({ origin: 'https://app.example.com' }));

export { handler };
