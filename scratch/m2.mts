import { openPglite } from '../src/storage/pglite.ts';
console.log('a');
const db = await openPglite({});
console.log('b');
console.log(await db.query('select 1 as x'));
await db.transaction(async (tx) => { await tx.exec('create table t(x int)'); await tx.query('insert into t values ($1)', [1]); });
console.log(await db.query('select * from t'));
