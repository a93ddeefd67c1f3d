import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

/** The app on `port` (0: any free one); resolves once it listens. */
export async function bootstrap(port: number) {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(port, '127.0.0.1');
  return app;
}
