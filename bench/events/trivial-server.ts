// The ceiling: a Fastify server that parses the same JSON bodies on the same paths and answers TikTok's
// success envelope without checking, storing or syncing anything.
import Fastify from 'fastify';

const app = Fastify({ bodyLimit: 16 * 1024 * 1024 });
app.post('/open_api/v1.3/event/track/', async (request) => {
  const body = request.body as { data?: unknown[] };
  return { code: 0, message: 'OK', request_id: String(body.data?.length ?? 0), data: {} };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('listening');
