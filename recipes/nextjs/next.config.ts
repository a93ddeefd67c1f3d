import type { NextConfig } from 'next';

const config: NextConfig = {
  // The SDK talks to Redis and WeChat with Node APIs: keep it out of the bundle.
  serverExternalPackages: ['@wxtpl/server-sdk'],
};

export default config;
