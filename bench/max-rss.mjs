// Preloaded with `node --import` (bench/README.md, measurement f): appends the process's peak
// resident set size, in kilobytes, to the file named by BENCH_RSS_OUT when it exits.
import * as fs from 'node:fs';

process.on('exit', () => fs.appendFileSync(process.env.BENCH_RSS_OUT, `${process.resourceUsage().maxRSS}\n`));
