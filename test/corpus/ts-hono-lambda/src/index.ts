import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { handle } from 'hono/aws-lambda';

const app = new Hono();

app.use('/api/*', cors({ origin: 'https://app.example.com', credentials: true }));
app.get('/api/hello', (c) => c.json({ message: 'Hello Hono!', user: c.req.header('x-user-id') }));

export const handler = handle(app);
