import { Router } from '@aws-lambda-powertools/event-handler/http';
import { cors } from '@aws-lambda-powertools/event-handler/http/middleware';
import type { Context } from 'aws-lambda';

const app = new Router();

app.use(cors({ origin: 'https://app.example.com', allowHeaders: ['Content-Type', 'Authorization'] }));

app.get('/todos', async () => ({ todos: [] }));

export const handler = async (event: unknown, context: Context) => app.resolve(event, context);
