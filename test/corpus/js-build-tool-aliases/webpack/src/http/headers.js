exports.CORS = { 'Access-Control-Allow-Origin': 'https://app.example.com' };
