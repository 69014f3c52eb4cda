const H = { 'Access-Control-Allow-Origin': 'https://app.example.com' };

// Returns a 401 response, or the caller's identity (not a response).
async function authenticate(event) {
  if (!event.headers.authorization) return { statusCode: 401, headers: H, body: 'unauthorized' };
  return { userId: 'u-1' };
}

exports.getUser = async (event) => {
  const user = await authenticate(event);
  if (user.statusCode) return user;
  return { statusCode: 200, headers: H, body: JSON.stringify(user) };
};
