import vm from 'node:vm';
import { ruleRegexes, codeRegexes } from './test/unit/support/regex-inventory.ts';
import { attackStrings } from './test/unit/support/attack-strings.ts';
const all = [...ruleRegexes(), ...codeRegexes()];
const t0 = Date.now();
let bad = 0;
const ctx = vm.createContext({ re: null, text: '' });
const script = new vm.Script('(() => { re.lastIndex = 0; let n = 0; for (const _ of text.matchAll(re)) if (++n > 100000) break; return n; })()');
for (const e of all) {
  const re = new RegExp(e.source, e.flags.includes('g') ? e.flags : e.flags + 'g');
  let worst = 0, worstName = '';
  for (const a of attackStrings(Number(process.argv[2]), e.source)) {
    ctx.re = re; ctx.text = a.text;
    const t = performance.now();
    try { script.runInContext(ctx, { timeout: 1000 }); } catch { worst = 99999; worstName = a.name; break; }
    const dt = performance.now() - t;
    if (dt > worst) { worst = dt; worstName = a.name; }
  }
  if (worst > 100) { bad++; console.log(Math.round(worst) + 'ms', worstName, e.origin, '/' + e.source.slice(0, 120)); }
}
console.log('bad', bad, 'of', all.length, 'took', Date.now() - t0);
