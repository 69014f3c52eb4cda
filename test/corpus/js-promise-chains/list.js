import lambdaHandler from './libs/lambda.js';
import { query } from './libs/db.js';

export const main = lambdaHandler(async (event) => {
  const result = await query({ TableName: process.env.TABLE, KeyConditionExpression: 'owner = :o', ExpressionAttributeValues: { ':o': event.requestContext.identity.cognitoIdentityId } });
  return result.Items;
});
