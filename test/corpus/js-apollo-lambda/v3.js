// apollo-server-lambda 3.x: the cors package on the Express app it makes, origin * unless told otherwise.
const { ApolloServer } = require('apollo-server-lambda');

const server = new ApolloServer({ typeDefs: 'type Query { a: Int }', resolvers: {} });

exports.defaultCors = server.createHandler();
exports.noCors = server.createHandler({ expressGetMiddlewareOptions: { cors: false } });
