import { composeSupergraph } from '../gateway/composition.js';
const r = composeSupergraph();
console.log(r.apiSchemaSdl.slice(0, 3000));
