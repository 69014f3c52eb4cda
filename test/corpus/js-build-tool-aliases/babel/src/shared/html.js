export const html = (body) => ({ statusCode: 200, headers: { 'Content-Type': 'text/html' }, body });
