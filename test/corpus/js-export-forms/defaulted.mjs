export default async function () {
  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://a.example.com' }, body: '' };
}
