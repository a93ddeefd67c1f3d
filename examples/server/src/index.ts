export {
  ConfigError,
  configFromEnv,
  EMULATOR_DEFAULTS,
  type ExampleServerConfig,
  type WeChatMode,
} from './config.js';
export { formatFen, formatTime, type Order, type OrderStatus } from './orders.js';
export { emulatorPrepay, noPayments, type PrepayProvider } from './payments.js';
export { PRODUCTS, type Product } from './products.js';
export {
  type CreateServerOptions,
  createServer,
  type ExampleServer,
} from './server.js';
export { createSessionSigner, type SessionSigner } from './session.js';
export {
  type ResolvedTemplates,
  resolveTemplates,
  type TemplateResolution,
  templateSpecs,
} from './templates.js';
