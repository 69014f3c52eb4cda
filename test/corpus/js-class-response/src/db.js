const { DynamoDB } = require('aws-sdk');

const client = new DynamoDB.DocumentClient();

module.exports.list = (userId, done) => {
  client.query({ TableName: process.env.TABLE, KeyConditionExpression: 'userId = :u', ExpressionAttributeValues: { ':u': userId } }, (err, data) => done(err, data && data.Items));
};
