// For Prisma's own CLI where its native engine is installed:
//   npx prisma migrate deploy --config prisma/mailings/prisma.config.ts
// (offline, `npm run migrate` applies the same migrations with the WebAssembly engine).
import { defineConfig, env } from 'prisma/config';

export default defineConfig({
  schema: './schema.prisma',
  migrations: { path: './migrations' },
  datasource: { url: env('MAILINGS_DATABASE_URL') },
});
