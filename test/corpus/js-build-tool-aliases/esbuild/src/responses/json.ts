export const json = (body: unknown) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' }, body: JSON.stringify(body) });
