/** `npm run build`: compiles the services to dist/ (scripts/lib/build.ts); `npm start` does it first by itself. */
import { buildServices, BUILD_DIR } from './lib/build.js';

const started = performance.now();
const files = await buildServices();
console.log(`built ${files} files into ${BUILD_DIR} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
