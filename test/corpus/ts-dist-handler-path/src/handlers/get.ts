export const handler = async () => ({ statusCode: 200, body: 'no cors here' });
