import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const corsHeaders = {
  'Access-Control-Allow-Origin': 'https://app.example.com',
  'Access-Control-Allow-Credentials': true,
};

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  if (!event.body) {
    return { statusCode: 400, body: JSON.stringify({ message: 'missing body' }) };
  }
  try {
    const order = JSON.parse(event.body);
    return { statusCode: 201, headers: { ...corsHeaders, 'Content-Type': 'application/json' }, body: JSON.stringify(order) };
  } catch (err) {
    return { statusCode: 500, headers: corsHeaders, body: 'error' };
  }
};
