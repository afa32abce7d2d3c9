// The DuckDB peer of the benchmark (bench/README.md): the summary that
// `vmat report -s bench/survey.json --by region FILE` prints, in DuckDB SQL.
//
//   NODE_PATH=bench/.cache/npm/node_modules node bench/duckdb.js FILE THREADS
//   node bench/duckdb.js --sql       the query, to read (below: of the others)
//   node bench/duckdb.js --version   the versions of DuckDB and its Node API
//
// Writes the summary CSV on standard output: the same columns as vmat's, numbers
// at full precision, an empty cell for null. bench/run times the whole process.
//
//   node bench/duckdb.js FILE THREADS history
//
// The peer of `vmat history -s bench/survey.json FILE` (issue 17): every
// response with the previous one of its customer, by a LAG() window over
// (customer, date, id), and the changes of stage, index and each dimension,
// written by COPY to standard output. It does less than vmat: customers are
// matched by their exact name (the sample's names are spelled one way), and
// the months between interviews and the blockers are left out.
//
//   node bench/duckdb.js FILE THREADS customer
//
// The summary of `vmat report -s bench/survey.json --by customer FILE`: the
// same query grouped by the customer column as written (vmat's --by customer
// groups by the value too; its `customers` column counts distinct keys, 1 a row
// when each customer's name is spelled one way, as in the sample).
//
//   node bench/duckdb.js FILE THREADS movement
//
// movement.csv of `vmat report -s bench/survey.json -o DIR FILE` (reference §9):
// per region, the customers interviewed twice or more, how their latest stage
// moved against the one before, the median months between consecutive
// interviews (a pair in the region of its later interview) and the median
// months at the current stage as of the newest date. Customers are matched by
// their exact name and belong to the region of their latest interview (by
// date, then id); months are §9's exact calendar months to one decimal.
//
//   node bench/duckdb.js FILE THREADS peers
//
// The meetings of `vmat peers -s bench/survey.json FILE` (reference §9): each
// customer (exact name) by its latest interview (by date, then id), in the
// region of it, with its stage and top blocker (the blocking dimension with the
// largest shortfall, reference §4.8, the first of equal ones); customers of one
// region, stage and top blocker cut by name into meetings of at most 5, as even
// as can be; those alone with their blocker meet the others alone at their
// stage. The survey has no `currency` dimension (so no currency range, and the
// order is by name) and no advice, and vmat names no members without --names:
// those columns are empty on both sides.
//
//   node bench/duckdb.js --sql [customer|movement|history|peers]   the query
'use strict';
const { DuckDBInstance } = require('@duckdb/node-api');

// bench/survey.json: q01..q40 are `scale` 0..4 questions in five dimensions of
// eight, d1..d4 capability and d5 intent; four stages, stage k requiring
// d1..d4 >= k. With S = 4 stages, a scale answer's level is the answer itself.
const S = 4;
const DIMS = ['d1', 'd2', 'd3', 'd4', 'd5'];
const q = (i) => 'q' + String(i + 1).padStart(2, '0');
const questions = (d) => Array.from({ length: 8 }, (_, i) => q(8 * d + i));
const all = DIMS.flatMap((_, d) => questions(d));

// Every question column is text: a cell is empty (unanswered, NULL here), a
// number, or "n/a" / "n/a:REASON" (not applicable: reference §2).
const columns = ['id', 'customer', 'region', 'segment'].map((c) => `'${c}': 'VARCHAR'`)
	.concat(["'date': 'DATE'"], all.map((c) => `'${c}': 'VARCHAR'`)).join(', ');
const na = (c) => `coalesce(${c} = 'n/a' OR starts_with(${c}, 'n/a:'), false)`;
const plus = (xs) => xs.join(' + ');
const caps = DIMS.slice(0, 4);

// reference §4 per response: levels, dimension scores, stage, index, aspiration,
// completeness; then reference §5 per region.
const scored = `
WITH levels AS (
	SELECT id, date, region, customer,
		${all.map((c) => `CASE WHEN NOT ${na(c)} THEN CAST(${c} AS INTEGER) END AS ${c}`)
		.join(',\n\t\t')},
		${plus(all.map((c) => `${na(c)}::INTEGER`))} AS not_applicable
	FROM read_csv($file, header = true, auto_detect = false, delim = ',', quote = '"',
		escape = '"', columns = {${columns}})
), sums AS (
	SELECT id, date, region, customer, not_applicable,
		${DIMS.map((d, i) => `${plus(questions(i).map((c) => `coalesce(${c}, 0)`))} AS sum_${d},
		${plus(questions(i).map((c) => `(${c} IS NOT NULL)::INTEGER`))} AS n_${d}`)
		.join(',\n\t\t')}
	FROM levels
), scores AS (
	SELECT id, date, region, customer,
		${DIMS.map((d) => `CASE WHEN n_${d} > 0 THEN sum_${d} / n_${d} END AS ${d}`)
		.join(',\n\t\t')},
		-- reference §4.9: every question is required and visible; not-applicable
		-- ones count in neither part
		CASE WHEN ${all.length} - not_applicable > 0
			THEN (${plus(DIMS.map((d) => `n_${d}`))}) / (${all.length} - not_applicable)
			ELSE 1 END AS completeness
	FROM sums
), staged AS (
	SELECT *,
		-- reference §4.4: the largest k with d1..d4 all scored and >= j for every
		-- j <= k; since stage k requires every capability >= k, that is the
		-- floor of the lowest one (with the 1e-9 tolerance), at most S
		CASE WHEN ${caps.map((d) => `${d} IS NULL`).join(' OR ')} THEN 0
			ELSE least(${S}, floor(least(${caps.join(', ')}) + 1e-9))::INTEGER
		END AS stage,
		-- reference §4.5: equal weights, over the scored capability dimensions
		100 * (${plus(caps.map((d) => `coalesce(${d}, 0)`))})
			/ nullif(${S} * (${plus(caps.map((d) => `(${d} IS NOT NULL)::INTEGER`))}), 0)
			AS "index",
		-- reference §4.6: null when d5 is
		greatest(0, least(${S}, floor(d5 + 1e-9)))::INTEGER AS aspiration
	FROM scores
)`;
// reference §5 by one column: region (the reference workload) or customer
const summary = (key) => `${scored}
SELECT ${key},
	count(*) AS responses,
	count(DISTINCT customer) AS customers,
	0 AS interviewers, -- the bench data has no interviewer column
	${Array.from({ length: S + 1 }, (_, k) => `count_if(stage = ${k}) AS stage${k}`)
		.join(',\n\t')},
	avg("index") AS index_mean,
	quantile_cont("index", 0.25) AS index_p25,
	quantile_cont("index", 0.5) AS index_median,
	quantile_cont("index", 0.75) AS index_p75,
	avg(aspiration) AS aspiration_mean,
	avg(aspiration - stage) AS gap_mean,
	avg(CASE WHEN aspiration - stage >= 1 THEN 1.0 WHEN aspiration IS NOT NULL THEN 0.0 END)
		AS mindset_ahead_share,
	avg(completeness) AS completeness_mean,
	${DIMS.map((d) => `avg(${d}) AS ${d}_mean, quantile_cont(${d}, 0.5) AS ${d}_median`)
		.join(',\n\t')}
FROM staged
GROUP BY ${key}
ORDER BY ${key} COLLATE "binary"
`;

// reference §9, vmat peers with its default --size 5
const SIZE = 5;
const blocks = caps.map((d) => `stage < ${S} AND (${d} IS NULL OR ${d} < stage + 1 - 1e-9)`);
const peers = `${scored}, latest AS (
	SELECT customer, region, stage, ${caps.join(', ')}
	FROM staged
	QUALIFY row_number() OVER (PARTITION BY customer
		ORDER BY date DESC, id COLLATE "binary" DESC) = 1
), blocked AS (
	-- reference §4.8: below the last stage, the dimensions the next stage
	-- requires (stage + 1 each) that fall short, and by how much (-1: none)
	SELECT customer, region, stage,
		${caps.map((d, i) => `${blocks[i]} AS b_${d},
		CASE WHEN ${blocks[i]} THEN stage + 1 - coalesce(${d}, 0) ELSE -1 END AS s_${d}`)
		.join(',\n\t\t')}
	FROM latest
), topped AS (
	-- the top blocker: the largest shortfall, the first of equal ones
	SELECT *, CASE
		${caps.map((d, i) => `WHEN s_${d} >= 0 AND s_${d} = greatest(${caps.map((e) =>
			`s_${e}`).join(', ')}) THEN ${i}`).join('\n\t\t')}
		END AS top
	FROM blocked
), pooled AS (
	-- alone with its top blocker at its stage: in the stage's pool of those
	SELECT *, count(*) OVER (PARTITION BY region, stage, top) = 1 AND top IS NOT NULL AS alone
	FROM topped
), placed AS (
	SELECT *, count(*) OVER pool AS n,
		row_number() OVER (pool ORDER BY customer COLLATE "binary") - 1 AS p
	FROM pooled
	WINDOW pool AS (PARTITION BY region, stage, alone, CASE WHEN alone THEN -1 ELSE top END)
), cut AS (
	-- k meetings, one more than ${SIZE} rather than one alone; the first n % k
	-- of n // k + 1, the others of n // k
	SELECT *, CASE WHEN n >= 2 AND n // ((n + ${SIZE - 1}) // ${SIZE}) < 2
		THEN (n + ${SIZE - 1}) // ${SIZE} - 1 ELSE (n + ${SIZE - 1}) // ${SIZE} END AS k
	FROM placed
), assigned AS (
	SELECT *, CASE WHEN p < n % k * (n // k + 1) THEN p // (n // k + 1)
		ELSE n % k + (p - n % k * (n // k + 1)) // (n // k) END AS q
	FROM cut
), meetings AS (
	SELECT region, stage, alone, q,
		CASE WHEN alone THEN -1 ELSE coalesce(top, ${caps.length}) END AS point,
		count(*) AS customers,
		CASE WHEN NOT alone OR count(*) = 1 THEN any_value(top) END AS top,
		${caps.map((d) => `bool_and(b_${d}) AS all_${d}`).join(', ')}
	FROM assigned
	GROUP BY region, stage, alone, point, q
)
SELECT region,
	row_number() OVER (PARTITION BY region
		ORDER BY stage, alone, point, q) AS meeting,
	customers, stage,
	CASE WHEN stage = 0 THEN 'not-started' ELSE 'stage-' || stage END AS stage_id,
	${JSON.stringify(caps).replace(/"/g, "'")}[top + 1] AS held_back_by,
	concat_ws(';', ${caps.map((d) => `CASE WHEN all_${d} THEN '${d}' END`).join(', ')})
		AS shared_blockers,
	NULL AS currency_min, NULL AS currency_max, NULL AS advice, NULL AS members
FROM meetings
ORDER BY region COLLATE "binary", meeting
`;

// reference §9's months from date a to date b (a <= b): the whole months k
// from a that stay at or before b (a month after 2011-01-31 is 2011-02-28,
// as DuckDB adds months), then the share of the next month reached, in days;
// to one decimal as vmat rounds them, half up.
const macros = [
	`CREATE TEMP MACRO months_k0(a, b) AS
		(year(b) - year(a)) * 12 + (month(b) - month(a))`,
	`CREATE TEMP MACRO months_k(a, b, k) AS
		k - CASE WHEN k > 0 AND a + to_months(k) > b THEN 1 ELSE 0 END`,
	`CREATE TEMP MACRO months_x(a, b, k) AS
		k + date_diff('day', a + to_months(k), b)
			/ date_diff('day', a + to_months(k), a + to_months(k + 1))`,
	`CREATE TEMP MACRO months(a, b) AS
		floor(months_x(a, b, months_k(a, b, months_k0(a, b))) * 10 + 0.5) / 10`,
];

const movement = `${scored}, seq AS (
	SELECT customer, region, date, stage,
		lag(date) OVER w AS previous_date,
		lag(stage) OVER w AS previous_stage,
		row_number() OVER w AS k,
		count(*) OVER (PARTITION BY customer) AS n
	FROM staged
	WINDOW w AS (PARTITION BY customer ORDER BY date, id COLLATE "binary")
), as_of AS (
	SELECT max(date) AS as_of FROM staged
), customers AS (
	-- each customer in the region of its latest interview; since: the first
	-- interview of its last run at its current stage
	SELECT customer,
		any_value(region) FILTER (WHERE k = n) AS region,
		any_value(n) AS n,
		any_value(stage) FILTER (WHERE k = n) AS stage,
		any_value(previous_stage) FILTER (WHERE k = n) AS previous_stage,
		max(date) FILTER (WHERE previous_stage IS NULL OR stage <> previous_stage)
			AS since
	FROM seq
	GROUP BY customer
), moved AS (
	SELECT region,
		count_if(n >= 2) AS customers_reinterviewed,
		count_if(n >= 2 AND stage > previous_stage) AS moved_up,
		count_if(n >= 2 AND stage = previous_stage) AS unchanged,
		count_if(n >= 2 AND stage < previous_stage) AS moved_down,
		quantile_cont(months(since, (SELECT as_of FROM as_of)), 0.5)
			AS median_months_at_stage
	FROM customers
	GROUP BY region
), between AS (
	-- each pair of consecutive interviews, in the region of the later one
	SELECT region, quantile_cont(months(previous_date, date), 0.5) AS median_months_between
	FROM seq
	WHERE previous_date IS NOT NULL
	GROUP BY region
), regions AS (
	SELECT DISTINCT region FROM staged
)
SELECT region,
	coalesce(customers_reinterviewed, 0) AS customers_reinterviewed,
	coalesce(moved_up, 0) AS moved_up,
	coalesce(unchanged, 0) AS unchanged,
	coalesce(moved_down, 0) AS moved_down,
	median_months_between,
	median_months_at_stage
FROM regions LEFT JOIN moved USING (region) LEFT JOIN between USING (region)
ORDER BY region COLLATE "binary"
`;

const history = `${scored}
SELECT customer, id, strftime(date, '%Y-%m-%d') AS date, stage, "index",
	lag(id) OVER w AS previous_id,
	strftime(lag(date) OVER w, '%Y-%m-%d') AS previous_date,
	stage - lag(stage) OVER w AS stage_change,
	"index" - lag("index") OVER w AS index_change,
	${DIMS.map((d) => `${d}, ${d} - lag(${d}) OVER w AS ${d}_change`).join(',\n\t')}
FROM staged
WINDOW w AS (PARTITION BY customer ORDER BY date, id COLLATE "binary")
ORDER BY customer COLLATE "binary", date, id COLLATE "binary"
`;

function cell(v) {
	if (v === null || v === undefined) {
		return '';
	}
	const s = String(v);
	return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

async function main() {
	const [file, threads, what] = process.argv.slice(2);
	if (!file || !/^[0-9]+$/.test(threads || '') ||
	    (what && !['history', 'customer', 'movement', 'peers'].includes(what))) {
		console.error('usage: node bench/duckdb.js FILE THREADS [history|customer|movement|peers]');
		process.exit(2);
	}
	const db = await DuckDBInstance.create(':memory:');
	const con = await db.connect();
	await con.run(`SET threads = ${threads}`);
	if (what === 'history') {
		const file_sql = "'" + file.replace(/'/g, "''") + "'";
		await con.run(`COPY (${history.replace('$file', file_sql)}) TO '/dev/stdout'
			(FORMAT csv, HEADER)`);
		return;
	}
	if (what === 'movement') {
		for (const m of macros) {
			await con.run(m);
		}
	}
	const query = what === 'movement' ? movement : what === 'peers' ? peers
		: summary(what === 'customer' ? 'customer' : 'region');
	const result = await con.runAndReadAll(query, { file });
	const lines = [result.columnNames().join(',')];
	for (const row of result.getRowsJS()) {
		lines.push(row.map(cell).join(','));
	}
	process.stdout.write(lines.join('\n') + '\n');
}

async function version() {
	const con = await (await DuckDBInstance.create(':memory:')).connect();
	const v = (await con.runAndReadAll('SELECT version()')).getRowsJS()[0][0];
	const api = require('@duckdb/node-api/package.json').version;
	process.stdout.write(`DuckDB ${v} (@duckdb/node-api ${api})\n`);
}

const queries = {
	region: summary('region'), customer: summary('customer'), history,
	movement: macros.join(';\n') + ';\n' + movement, peers,
};
async function sql() {
	const q = queries[process.argv[3] || 'region'];
	if (!q) {
		console.error('usage: node bench/duckdb.js --sql [customer|movement|history|peers]');
		process.exit(2);
	}
	process.stdout.write(q);
}
const modes = { '--sql': sql, '--version': version };
const run = modes[process.argv[2]];
(run || main)().catch((e) => {
	console.error('duckdb.js: ' + e.message);
	process.exit(1);
});
