'use strict';

// Straight from the guide's TL;DR: a wildcard origin together with credentials.
module.exports.getProduct = (event, context, callback) => {
  const product = { id: event.pathParameters.id, name: 'Lamp' };

  const response = {
    statusCode: 200,
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Credentials': true,
    },
    body: JSON.stringify({ product }),
  };

  callback(null, response);
};

const corsHeaders = { 'Access-Control-Allow-Origin': '*' };

// The success path has CORS; the error path forgets it.
module.exports.createProduct = async (event) => {
  try {
    const product = JSON.parse(event.body);
    return { statusCode: 201, headers: corsHeaders, body: JSON.stringify({ product }) };
  } catch (error) {
    return { statusCode: 400, body: JSON.stringify({ message: 'invalid product' }) };
  }
};

module.exports.auth = async (event) => ({
  principalId: 'user',
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: event.authorizationToken ? 'Allow' : 'Deny', Resource: event.methodArn }],
  },
});
