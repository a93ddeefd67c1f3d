#!/usr/bin/env node
console.error('wxtpl: not built yet');
process.exit(1);
