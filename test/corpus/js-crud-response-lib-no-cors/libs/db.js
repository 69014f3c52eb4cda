const { DynamoDBClient, ScanCommand } = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});
module.exports.scan = async () => (await client.send(new ScanCommand({ TableName: process.env.TABLE }))).Items;
