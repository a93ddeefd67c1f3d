#!/usr/bin/env node
console.error('wxtpl-emulator: not built yet');
process.exit(1);
