import { PGlite } from '@electric-sql/pglite';
let t = performance.now();
const a = await PGlite.create();
await a.query('select 1');
console.log('fresh', Math.round(performance.now() - t));
await a.exec('create table x (id int primary key, v text); insert into x values (1, \'a\');');
t = performance.now();
const dump = await a.dumpDataDir('none');
console.log('dump', Math.round(performance.now() - t), dump.size);
for (let i = 0; i < 3; i++) {
  t = performance.now();
  const b = await PGlite.create({ loadDataDir: dump });
  await b.query('select * from x');
  console.log('from dump', Math.round(performance.now() - t));
  await b.close();
}
if ((a as any).clone) { t = performance.now(); const c = await (a as any).clone(); await c.query('select * from x'); console.log('clone', Math.round(performance.now() - t)); }
for (let i = 0; i < 2; i++) { t = performance.now(); const f = await PGlite.create(); await f.query('select 1'); console.log('fresh again', Math.round(performance.now() - t)); await f.close(); }
