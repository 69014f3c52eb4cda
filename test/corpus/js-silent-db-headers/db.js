const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});

module.exports.getSettings = async (tenant) => {
  const out = await client.send(new GetItemCommand({ TableName: 'settings', Key: { tenant: { S: tenant } } }));
  return JSON.parse(out.Item.settings.S);
};
