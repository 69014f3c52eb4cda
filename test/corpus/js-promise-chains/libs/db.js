import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const query = (params) => client.send(new QueryCommand(params));
export const put = (params) => client.send(new PutCommand(params));

export function getQuiz(id) {
  return new Promise((resolve, reject) => {
    client
      .send(new GetCommand({ TableName: process.env.TABLE, Key: { id } }))
      .then((out) => (out.Item ? resolve([200, out.Item]) : resolve([404, { error: 'not found' }])))
      .catch(reject);
  });
}
