/* `vmat sample`: synthetic bulk CSV (reference §3) for any valid survey, for
 * trying vmat out and for benchmarks.
 *
 * Determinism: row i is drawn from its own PRNG stream, seeded from (seed,
 * i), and each customer's traits from a stream seeded from (seed, customer),
 * so a row does not depend on how the rows before it were drawn. Only integer
 * arithmetic and exactly rounded double operations (+ - * / and comparisons,
 * never a multiply-add, never exp/log/pow, whose last bit differs between C
 * libraries) decide what is written, so the same survey, count and seed give
 * the same bytes on every platform.
 *
 * Speed: every text cell (customer names, field values, choice ids, text
 * answers, "n/a" cells, dates) is encoded once, through vmat_csv_cell(), into
 * a dictionary; a row is then copied together from it with numbers formatted
 * by hand, into a 64 KiB buffer written with one fwrite() when full. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "private.h"

#define SCALE 1000		/* the latent maturity of a response: 0..SCALE */
#define NDAYS 1826		/* dates from 2021-01-01 to 2025-12-31 */
#define MAX_POOL (1u << 20)	/* distinct customers at most (memory: ~60 bytes each) */
#define SHORT_CELL 16		/* cells copied with a fixed-size memcpy */
#define DICT_PAD 64		/* spare bytes after the last cell of the dictionary */
#define WINDOW INT64_C(100000000000)	/* numbers stay within +-1e9 (in hundredths) */

#if defined(__GNUC__)
#define prefetch(p) __builtin_prefetch(p)
#else
#define prefetch(p) ((void)(p))
#endif

/* Random numbers: splitmix64 seeds xoshiro256** (Blackman and Vigna) */

struct rng {
	uint64_t s[4];
};

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

enum stream { ROW_STREAM, CUSTOMER_STREAM };

static void
rng_seed(struct rng *r, uint64_t seed, enum stream stream, uint64_t index)
{
	uint64_t x = mix64(seed ^ ((uint64_t)stream << 56)) ^ mix64(index + 0x632be59bd9b4e019u);
	for (int i = 0; i < 4; i++) {
		x += 0x9e3779b97f4a7c15u;
		r->s[i] = mix64(x);
	}
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in 0..n-1, for n < 2^32 (Lemire's multiply, without the
 * rejection step: the bias is below 2^-32 * n). */
static uint32_t
below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((next(r) >> 32) * n) >> 32);
}

static bool
chance(struct rng *r, unsigned permille)
{
	return below(r, 1000) < permille;
}

/* Triangular in -w..w: the sum of two uniforms (the two halves of one
 * draw), so that noise clusters. */
static int
tri(struct rng *r, int w)
{
	uint64_t x = next(r), n = (uint64_t)w + 1;
	return (int)(((x >> 32) * n) >> 32) + (int)(((x & 0xffffffffu) * n) >> 32) - w;
}

static int
clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Encoded cells */

/* A CSV cell as vmat_csv_cell() wrote it, in the dictionary. */
struct cell {
	size_t off, len;
};

/* Values to draw from, with cumulative weights. */
struct pool {
	struct cell *cells;
	uint32_t *cum;
	size_t n;
};

/* How a column of the output gets its value. */
enum col_kind { C_ID, C_CUSTOMER, C_DATE, C_POOL };

struct col {
	size_t field;		/* index into vmat_survey_fields() */
	enum col_kind kind;
	struct pool pool;	/* C_POOL; the declared values of any column that has some */
	struct pool *by_region;	/* country: a pool per region value, or NULL */
	unsigned fill;		/* permille of customers with a value */
};

/* A range of answers to a number or percent question, in hundredths. */
struct bin {
	int64_t lo, hi;		/* multiples of the question's step, lo <= hi */
	int64_t anchor;		/* the threshold at its edge, or INT64_MIN */
	double level;		/* what an answer in the bin scores */
};

struct qgen {
	const struct vmat_question *q;
	unsigned skip;		/* permille left unanswered on top of the row's rate */
	/* `when` on a choice or multi question: which of its choices show this one */
	bool *want;
	bool want_yes, want_no;
	/* choice, multi */
	struct cell *ids;
	bool scored;		/* some choice has a level */
	long none;		/* multi: the choice "none", only ever chosen alone; -1 */
	size_t flags;		/* multi: offset of its choices in the row's chosen[] */
	/* number, percent */
	struct bin *bins;
	size_t nbins;
	int64_t step, lo, hi;	/* hundredths */
	/* scale: its whole numbers from lo, and the cells of the first ones */
	int64_t scale_lo, scale_span;
	struct cell *scale_cells;	/* NULL when there are more than 1001 */
};

enum state { HIDDEN, EMPTY, NA, ANSWERED };

struct gen {
	const struct vmat_survey *s;
	uint64_t seed;
	int S;			/* stages */
	struct arena arena;
	FILE *dict_fp;		/* while the dictionary is being written */
	char *dict;
	size_t dict_len;
	bool oom;

	struct col *cols;
	size_t ncols;
	size_t region_col;	/* index into cols */
	int *seg_base;		/* per segment pool entry: typical maturity */
	size_t segment_col;
	struct qgen *qs;
	size_t nq, ndims;
	const struct vmat_dimension *dims;
	struct cell *customers;	/* the pool of customer names */
	size_t ncustomers;	/* < 2^32 */
	uint64_t customer_key;	/* which rows go to which customer */
	uint64_t id_key;	/* which ids the rows get */
	struct cell dates[NDAYS];
	struct pool na, texts;

	/* one row's state */
	unsigned char *state;
	double *value;		/* yesno (1 yes), scale, number, percent: the answer */
	size_t *pick;		/* choice: the choice index */
	unsigned char *chosen;	/* multi: flags per choice */
	size_t nflags;
	int *dimoff;		/* per dimension: the customer's strength there */
	size_t *perm;		/* scratch: a shuffled order of choices */
	size_t maxchoices;
	const struct cell **vals;	/* per column: the customer's value (NULL: empty) */

	/* the output */
	FILE *fp;
	char *p, *end;
	bool failed;
	char buf[1 << 16];
};

static void *
gen_calloc(struct gen *g, size_t n, size_t size)
{
	void *p = arena_calloc(&g->arena, n ? n : 1, size);
	g->oom |= !p;
	return p;
}

/* The cell written into the dictionary since offset start. */
static struct cell
written_since(struct gen *g, long start)
{
	struct cell c = { 0, 0 };
	long stop = ftell(g->dict_fp);
	if (start < 0 || stop < start || ferror(g->dict_fp)) {
		g->oom = true;	/* a memory stream fails for want of memory */
		return c;
	}
	c.off = (size_t)start;
	c.len = (size_t)(stop - start);
	return c;
}

/* Encodes s as one CSV cell (reference §6: the guard on) into the dictionary. */
static struct cell
encode(struct gen *g, const char *s, size_t len)
{
	long start = ftell(g->dict_fp);
	vmat_csv_cell(g->dict_fp, s, len, true);
	return written_since(g, start);
}

/* A number as written (reference §6: numbers are never guarded). */
static struct cell
add_number(struct gen *g, int64_t v)
{
	long start = ftell(g->dict_fp);
	fprintf(g->dict_fp, "%lld", (long long)v);
	return written_since(g, start);
}

static struct cell
encode_str(struct gen *g, const char *s)
{
	return encode(g, s, strlen(s));
}

/* A pool of the strings given, weighted by weights (NULL: by 1/(k+2), the
 * first values most common). */
static void
pool_init(struct gen *g, struct pool *p, const char *const *strings, size_t n,
	  const unsigned *weights)
{
	p->n = n;
	p->cells = gen_calloc(g, n, sizeof(*p->cells));
	p->cum = gen_calloc(g, n, sizeof(*p->cum));
	if (g->oom) {
		return;
	}
	uint32_t total = 0;
	for (size_t k = 0; k < n; k++) {
		p->cells[k] = encode_str(g, strings[k]);
		total += weights ? weights[k] : (uint32_t)(120000 / (k + 2));
		p->cum[k] = total;
	}
}

static const struct cell *
pool_pick(const struct pool *p, struct rng *r)
{
	if (p->n == 0) {
		return NULL;
	}
	uint32_t x = below(r, p->cum[p->n - 1]);
	size_t lo = 0, hi = p->n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p->cum[mid] > x) {
			hi = mid;
		} else {
			lo = mid + 1;
		}
	}
	return &p->cells[lo];
}

/* Made-up values */

/* Parts of customer names: accents, commas and quotes, so that the CSV needs
 * its quoting and readers their UTF-8. */
static const char *const name_a[64] = {
	"Müller", "Nordic", "Café Olé", "Søndergaard", "Araújo", "Kowalski", "Tanaka",
	"O'Brien", "García", "Dubois", "Rossi", "Janssen", "Andersson", "Novák", "Yılmaz",
	"Okafor", "Lefèvre", "Björk", "Fernández", "Costa", "Silva", "Kim", "Chen", "Sato",
	"Patel", "Haddad", "Horváth", "Papadopoulos", "Nakamura", "Schmidt", "Weiß", "Ñandú",
	"Atlas", "Aurora", "Boreal", "Cordillera", "Andes", "Pampa", "Sakura", "Kiwi", "Fjord",
	"Alpine", "Baltic", "Iberia", "Levante", "Sahara", "Orinoco", "Patagonia", "Meridian",
	"Polaris", "Zenith", "Élan", "Mañana", "Łódź", "Kraków", "Göteborg", "Zürich", "Québec",
	"Medellín", "Curaçao", "Ålesund", "Tromsø", "Hà Nội", "Dvořák",
};
static const char *const name_b[32] = {
	"Data", "Logistics", "Health", "Bank", "Retail", "Energy", "Telecom", "Foods",
	"Systems", "Insurance", "Mining", "Airlines", "Hospital", "Steel", "Pharma", "Media",
	"Textiles", "Motors", "Shipping", "Construction", "Water", "Finance", "Software",
	"Chemicals", "Agro", "Hotels", "Railways", "Savings", "Brewery", "Paper", "Cement",
	"Clinics",
};
/* %A and %C: two parts of name_a, %B: one of name_b. */
static const char *const name_forms[16] = {
	"%A %B GmbH", "%A, %C & Söhne", "\"%A\" %B AB", "%A %B S.A.", "%A %B, Inc.",
	"%A %B Ltd", "%A %B K.K.", "%A %B S.p.A.", "%A %B Pty Ltd", "%A %B SAS", "%A %B Ltda.",
	"%A %B B.V.", "%A %B, S.L.", "Grupo %A %B", "%A & %C %B", "%A %B Oy",
};
static const char *const cities[16] = {
	"", "Köln", "São Paulo", "Málaga", "Zürich", "Montréal", "Bogotá", "Göteborg", "Kraków",
	"Osaka", "Lyon", "Porto", "Córdoba", "Aarhus", "Mérida", "Nürnberg",
};

static const char *const default_regions[] = { "NA", "EMEA", "APJ", "LATAM" };
static const unsigned region_weights[] = { 40, 30, 18, 12 };
static const char *const default_segments[] = { "smb", "commercial", "enterprise", "public" };
static const unsigned segment_weights[] = { 40, 30, 18, 12 };
static const int segment_base[] = { 230, 330, 430, 280 };	/* typical maturity */

static const char *const people[] = {
	"Gustavo Pérez", "Anna Kowalska", "Jürgen Weiß", "Émilie Laurent", "Kenji Watanabe",
	"Priya Raman", "Lars Øvergaard", "Zoë Brennan", "Mateus Conceição", "Mehmet Öztürk",
	"Nguyễn Thị Lan", "Olusegun Adeyemi", "María José Ibáñez", "Hana Dvořáková",
	"Tomás Ó Súilleabháin", "Ivan Petrović",
};
static const char *const industries[] = {
	"Banking", "Manufacturing", "Public sector", "Healthcare", "Retail", "Insurance",
	"Telecommunications", "Energy & utilities", "Transport & logistics", "Education",
	"Media", "Mining",
};
static const char *const releases[] = {
	"ESXi 7.0 U3", "ESXi 8.0 U2", "ESXi 6.7 U3", "Hyper-V 2022", "Hyper-V 2019",
	"KVM (RHEL 9)", "Proxmox VE 8.1", "Nutanix AHV 6.5", "XenServer 8", "ESXi 6.5",
};
static const char *const partners[] = {
	"Nube Andina", "Fjordsky IT", "Kanto Systems", "Ostrava Cloud", "Sahel Data",
	"Pacific Stack", "Iberlink, S.L.", "\"Blue\" Racks",
};
static const struct {
	const char *code, *region;
} countries[] = {
	{ "US", "NA" },	   { "CA", "NA" },    { "BR", "LATAM" }, { "MX", "LATAM" },
	{ "CL", "LATAM" }, { "CO", "LATAM" }, { "AR", "LATAM" }, { "DE", "EMEA" },
	{ "GB", "EMEA" },  { "FR", "EMEA" },  { "SE", "EMEA" },	 { "ES", "EMEA" },
	{ "IT", "EMEA" },  { "ZA", "EMEA" },  { "AE", "EMEA" },	 { "JP", "APJ" },
	{ "AU", "APJ" },   { "IN", "APJ" },   { "SG", "APJ" },	 { "KR", "APJ" },
};
static const char *const texts[] = {
	"Budget cycle starts in April; revisit then.",
	"Customer asked for a DR workshop, ideally before Q3.",
	"Storage refresh \"on hold\" until the merger closes.",
	"Wants a roadmap session with the CIO.",
	"Licensing concerns (Oracle, SQL Server) slow things down.",
	"Pilot in São Paulo went well.",
	"Migrating from Hyper-V, about 40% done.",
	"No comments.",
	"Interested in VDI for the call center.",
	"Team of two; one leaves in June.",
	"Security team must sign off on every change.",
	"Ask about the Zürich data center next time.",
};
/* reference §2: "n/a" alone or with one of the four reasons. */
static const char *const na_cells[] = {
	"n/a", "n/a:out-of-scope", "n/a:business-priority", "n/a:constraint", "n/a:other",
	"n/a:constraint: vendor support ends next year",
};

/* Appends s to buf (of size 256) at *o. */
static void
cat(char *buf, size_t *o, const char *s)
{
	size_t n = strlen(s);
	if (*o + n < 256) {
		memcpy(buf + *o, s, n + 1);
		*o += n;
	}
}

/* Customer name j: a bijection of j's low 11 bits picks the two parts, so
 * that the first 2048 names are distinct; a city, then a number, tell the
 * later ones apart. The legal form follows from the parts: two customers
 * never differ only in it, so that every name has its own customer key
 * (reference §9). The seed moves the names around. */
static size_t
customer_name(char buf[256], uint64_t j, uint64_t seed)
{
	uint64_t r = (j & 0x7ff) ^ (mix64(seed) & 0x7ff);
	r ^= r >> 5;
	r = (r * 0x5bd1u) & 0x7ff;
	r ^= r >> 6;
	r = (r * 0x2c1bu) & 0x7ff;
	r ^= r >> 5;
	size_t a = r % 64, b = r / 64, form = (size_t)(mix64(r ^ seed) & 15);
	uint64_t rest = j >> 11;
	size_t o = 0;
	buf[0] = '\0';
	for (const char *f = name_forms[form]; *f; f++) {
		if (*f == '%' && (f[1] == 'A' || f[1] == 'B' || f[1] == 'C')) {
			f++;
			cat(buf, &o, *f == 'A' ? name_a[a] : *f == 'B' ? name_b[b]
							: name_a[(a + 1 + b) % 64]);
		} else {
			char one[2] = { *f, '\0' };
			cat(buf, &o, one);
		}
	}
	if (rest % 16) {
		cat(buf, &o, " (");
		cat(buf, &o, cities[rest % 16]);
		cat(buf, &o, ")");
	}
	if (rest / 16) {
		char num[24];
		snprintf(num, sizeof(num), " %llu", (unsigned long long)(rest / 16 + 1));
		cat(buf, &o, num);
	}
	return o;
}

static bool
contains(const char *id, const char *const *words)
{
	for (; *words; words++) {
		if (strstr(id, *words)) {
			return true;
		}
	}
	return false;
}

/* Plausible values for a field without declared values, guessed from its id. */
static void
made_up_values(struct gen *g, struct pool *p, const struct vmat_field *f)
{
	static const char *const release_w[] = { "release", "version", NULL };
	static const char *const industry_w[] = { "industry", "sector", "vertical", NULL };
	static const char *const person_w[] = { "interviewer", "contact", "owner", "name",
						"manager", "person", "engineer", "lead", NULL };
	static const char *const place_w[] = { "city", "site", "location", "office", NULL };
	static const char *const partner_w[] = { "partner", "reseller", NULL };
	static const char *const text_w[] = { "note", "comment", "remark", NULL };
	const char *id = f->id;
	if (contains(id, release_w)) {
		pool_init(g, p, releases, COUNT(releases), NULL);
	} else if (contains(id, industry_w)) {
		pool_init(g, p, industries, COUNT(industries), NULL);
	} else if (contains(id, person_w)) {
		pool_init(g, p, people, COUNT(people), NULL);
	} else if (contains(id, place_w)) {
		pool_init(g, p, cities + 1, COUNT(cities) - 1, NULL);
	} else if (contains(id, partner_w)) {
		pool_init(g, p, partners, COUNT(partners), NULL);
	} else if (contains(id, text_w)) {
		pool_init(g, p, texts, COUNT(texts), NULL);
	} else if (strcmp(id, "country") == 0) {
		const char *codes[COUNT(countries)];
		for (size_t k = 0; k < COUNT(countries); k++) {
			codes[k] = countries[k].code;
		}
		pool_init(g, p, codes, COUNT(codes), NULL);
	} else {
		/* "Account tier 3": the field's name and a number */
		char values[8][160];
		const char *v[8];
		for (size_t k = 0; k < 8; k++) {
			snprintf(values[k], sizeof(values[k]), "%.120s %zu", f->name, k + 1);
			v[k] = values[k];
		}
		pool_init(g, p, v, 8, NULL);
	}
}

/* A country pool per region value: the countries of that region when the
 * region is one of the usual four, else all. */
static void
countries_by_region(struct gen *g, struct col *c, const struct pool *regions,
		    const char *const *region_names)
{
	c->by_region = gen_calloc(g, regions->n, sizeof(*c->by_region));
	if (g->oom) {
		return;
	}
	for (size_t r = 0; r < regions->n; r++) {
		const char *codes[COUNT(countries)];
		size_t n = 0;
		for (size_t k = 0; k < COUNT(countries); k++) {
			if (strcasecmp(countries[k].region, region_names[r]) == 0) {
				codes[n++] = countries[k].code;
			}
		}
		if (n == 0) {
			for (size_t k = 0; k < COUNT(countries); k++) {
				codes[n++] = countries[k].code;
			}
		}
		pool_init(g, &c->by_region[r], codes, n, NULL);
	}
}

/* Setting up */

/* v in hundredths, rounded down (or up) unless it is a whole number of them;
 * within +-1e15, far beyond any answer written. */
static int64_t
hundredths(double v, bool up)
{
	double h = v * 100;
	if (fabs(h) > 1e15) {
		return h < 0 ? -1000000000000000 : 1000000000000000;
	}
	double r = round(h);
	if (fabs(h - r) < 1e-7) {
		return (int64_t)r;
	}
	return (int64_t)(up ? ceil(h) : floor(h));
}

static bool
on_grid(double v, int64_t step)
{
	double h = v * 100;
	return fabs(h - round(h)) < 1e-7 && hundredths(v, false) % step == 0;
}

/* The coarsest step (in hundredths) on which every bound lies: whole numbers
 * where the survey uses whole numbers, halves where it uses halves. */
static int64_t
number_step(const struct vmat_question *q)
{
	static const int64_t steps[] = { 100, 50, 25, 10, 5, 1 };
	for (size_t k = 0; k < COUNT(steps); k++) {
		bool fits = true;
		for (size_t t = 0; t < q->nthresholds && fits; t++) {
			fits = on_grid(q->thresholds[t].value, steps[k]);
		}
		if (isfinite(q->min) && q->min > -1e9 && fits) {
			fits = on_grid(q->min, steps[k]);
		}
		if (fits) {
			return steps[k];
		}
	}
	return 1;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int64_t
ceil_div(int64_t a, int64_t b)
{
	return -floor_div(-a, b);
}

/* Adds the bin of answers from lo to hi (hundredths, inclusive), rounded
 * inward to the step and clipped to the question's bounds; an empty one is
 * dropped. */
static void
add_bin(struct qgen *qg, int64_t lo, int64_t hi, int64_t anchor, double level)
{
	int64_t s = qg->step;
	lo = ceil_div(lo > qg->lo ? lo : qg->lo, s) * s;
	hi = floor_div(hi < qg->hi ? hi : qg->hi, s) * s;
	if (lo > hi) {
		return;
	}
	if (anchor < lo || anchor > hi || anchor % s != 0) {
		anchor = INT64_MIN;
	}
	qg->bins[qg->nbins++] = (struct bin){ lo, hi, anchor, level };
}

/* reference §1: the answers of a number or percent question cut into ranges of
 * one level each, so that an answer can aim at a level. Unbounded ends reach
 * as far again as the thresholds span. Bounds are rounded inward (up for a
 * lower bound, down for an upper one), so that every answer in a bin scores
 * the bin's level. */
static void
number_bins(struct gen *g, struct qgen *qg)
{
	const struct vmat_question *q = qg->q;
	const struct vmat_threshold *th = q->thresholds;
	size_t n = q->nthresholds;
	qg->step = number_step(q);
	qg->lo = isfinite(q->min) && q->min > -1e9 ? hundredths(q->min, true) : -WINDOW;
	qg->hi = isfinite(q->max) && q->max < 1e9 ? hundredths(q->max, false) : WINDOW;
	qg->bins = gen_calloc(g, n + 1, sizeof(*qg->bins));
	if (g->oom || n == 0) {
		return;
	}
	int64_t first = hundredths(th[0].value, true), last = hundredths(th[n - 1].value, false);
	int64_t reach = last - first > 100 ? last - first : 100;
	if (!q->lower_is_better) {
		/* the level of the last threshold <= answer; 0 below the first */
		add_bin(qg, first - reach, hundredths(th[0].value, true) - 1, INT64_MIN, 0);
		for (size_t t = 0; t < n; t++) {
			int64_t lo = hundredths(th[t].value, true);
			int64_t hi = t + 1 < n ? hundredths(th[t + 1].value, true) - 1
					       : last + reach;
			add_bin(qg, lo, hi, lo, th[t].level);
		}
	} else {
		/* the level of the first threshold >= answer; 0 above the last */
		for (size_t t = 0; t < n; t++) {
			int64_t lo = t ? hundredths(th[t - 1].value, false) + 1 : first - reach;
			int64_t hi = hundredths(th[t].value, false);
			add_bin(qg, lo, hi, hi, th[t].level);
		}
		add_bin(qg, hundredths(th[n - 1].value, false) + 1, last + reach, INT64_MIN, 0);
	}
}

static int
setup_questions(struct gen *g)
{
	size_t nq;
	const struct vmat_question *qs = vmat_survey_questions(g->s, &nq);
	g->nq = nq;
	g->qs = gen_calloc(g, nq, sizeof(*g->qs));
	if (g->oom) {
		return VMAT_ENOMEM;
	}
	for (size_t i = 0; i < nq; i++) {
		const struct vmat_question *q = &qs[i];
		struct qgen *qg = &g->qs[i];
		qg->q = q;
		qg->none = -1;
		/* optional questions are skipped more often, optional text most */
		qg->skip = q->required ? 0 : q->type == VMAT_TEXT ? 650 : 350;
		if (q->nchoices > g->maxchoices) {
			g->maxchoices = q->nchoices;
		}
		if (q->type == VMAT_CHOICE || q->type == VMAT_MULTI) {
			qg->ids = gen_calloc(g, q->nchoices, sizeof(*qg->ids));
			if (g->oom) {
				return VMAT_ENOMEM;
			}
			for (size_t c = 0; c < q->nchoices; c++) {
				/* reference §1: choice ids are [a-z][a-z0-9_]*, so that
				 * ids joined by ";" need no quoting either */
				const char *id = q->choices[c].id;
				qg->ids[c] = encode_str(g, id);
				qg->scored |= !isnan(q->choices[c].level);
				if (q->type == VMAT_MULTI && strcmp(id, "none") == 0) {
					qg->none = (long)c;
				}
			}
			if (q->type == VMAT_MULTI) {
				qg->flags = g->nflags;
				g->nflags += q->nchoices;
			}
		}
		if (q->type == VMAT_NUMBER || q->type == VMAT_PERCENT) {
			number_bins(g, qg);
		}
		if (q->type == VMAT_SCALE) {
			/* reference §1: whole numbers from min to max; those far apart
			 * are brought within +-1e15 */
			double lo = q->min > -1e15 ? ceil(q->min) : -1e15;
			double hi = q->max < 1e15 ? floor(q->max) : 1e15;
			qg->scale_lo = (int64_t)lo;
			qg->scale_span = hi > lo ? (int64_t)(hi - lo) : 0;
			if (qg->scale_span <= 1000) {
				qg->scale_cells = gen_calloc(g, (size_t)qg->scale_span + 1,
							     sizeof(*qg->scale_cells));
				for (int64_t k = 0; k <= qg->scale_span && !g->oom; k++) {
					qg->scale_cells[k] = add_number(g, qg->scale_lo + k);
				}
			}
		}
		if (q->has_when && q->when_in) {
			const struct vmat_question *t = &qs[q->when_question];
			qg->want = gen_calloc(g, t->nchoices, sizeof(*qg->want));
			if (g->oom) {
				return VMAT_ENOMEM;
			}
			for (size_t k = 0; k < q->nwhen_in; k++) {
				qg->want_yes |= strcmp(q->when_in[k], "yes") == 0;
				qg->want_no |= strcmp(q->when_in[k], "no") == 0;
				const char *v = q->when_in[k];
				for (size_t c = 0; c < t->nchoices; c++) {
					qg->want[c] |= strcmp(v, t->choices[c].id) == 0;
				}
			}
		}
	}
	return g->oom ? VMAT_ENOMEM : VMAT_OK;
}

static struct col *
add_col(struct gen *g, size_t field, enum col_kind kind)
{
	size_t nf;
	const struct vmat_field *f = &vmat_survey_fields(g->s, &nf)[field];
	struct col *c = &g->cols[g->ncols++];
	c->field = field;
	c->kind = f->values ? C_POOL : kind;
	c->fill = 1000;
	if (f->values) {
		pool_init(g, &c->pool, f->values, f->nvalues, NULL);
	}
	return c;
}

/* reference §3 columns: id, customer, region, segment, date, the built-in fields
 * a survey makes required (interviewer, country, industry, customer_id), the
 * survey's own fields, then the questions. */
static int
setup_columns(struct gen *g)
{
	size_t nf;
	const struct vmat_field *fields = vmat_survey_fields(g->s, &nf);
	g->cols = gen_calloc(g, nf, sizeof(*g->cols));
	g->vals = gen_calloc(g, nf, sizeof(*g->vals));
	if (g->oom) {
		return VMAT_ENOMEM;
	}
	enum { ID, CUSTOMER, REGION, DATE, INTERVIEWER, COUNTRY, SEGMENT, INDUSTRY, CUSTOMER_ID, OWN };
	add_col(g, ID, C_ID);
	add_col(g, CUSTOMER, C_CUSTOMER);

	g->region_col = g->ncols;
	struct col *region = add_col(g, REGION, C_POOL);
	const char *const *region_names = fields[REGION].values;
	if (!fields[REGION].values) {
		pool_init(g, &region->pool, default_regions, COUNT(default_regions),
			  region_weights);
		region_names = default_regions;
	}

	g->segment_col = g->ncols;
	struct col *segment = add_col(g, SEGMENT, C_POOL);
	const char *const *segment_names = fields[SEGMENT].values;
	if (!segment_names) {
		pool_init(g, &segment->pool, default_segments, COUNT(default_segments),
			  segment_weights);
		segment_names = default_segments;
	}
	/* a few customers leave an optional segment out */
	segment->fill = fields[SEGMENT].required ? 1000 : 960;
	g->seg_base = gen_calloc(g, segment->pool.n, sizeof(*g->seg_base));
	if (g->oom) {
		return VMAT_ENOMEM;
	}
	for (size_t k = 0; k < segment->pool.n; k++) {
		g->seg_base[k] = 330;
		for (size_t d = 0; d < COUNT(default_segments); d++) {
			if (strcasecmp(segment_names[k], default_segments[d]) == 0) {
				g->seg_base[k] = segment_base[d];
			}
		}
	}

	add_col(g, DATE, C_DATE);
	for (size_t i = INTERVIEWER; i < nf; i++) {
		if (i == SEGMENT || (i < OWN && !fields[i].required)) {
			continue;
		}
		struct col *c = add_col(g, i, C_POOL);
		if (i == COUNTRY && !fields[i].values) {
			countries_by_region(g, c, &region->pool, region_names);
		} else if (!fields[i].values) {
			made_up_values(g, &c->pool, &fields[i]);
		}
		if (!fields[i].required) {
			c->fill = 850;
		}
	}
	return g->oom ? VMAT_ENOMEM : VMAT_OK;
}

static void
setup_dates(struct gen *g)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t k = 0;
	for (int y = 2021; y <= 2025; y++) {
		for (int m = 1; m <= 12; m++) {
			int n = mdays[m - 1] + (m == 2 && y % 4 == 0);	/* no century here */
			for (int d = 1; d <= n && k < NDAYS; d++) {
				char s[32];	/* room for any int, to quiet -Wformat-truncation at -O0 */
				snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
				g->dates[k++] = encode_str(g, s);
			}
		}
	}
}

static int
setup_customers(struct gen *g, uint64_t count)
{
	/* about three interviews per customer, over the years */
	uint64_t n = count / 3 + (count % 3 != 0);
	g->ncustomers = n > MAX_POOL ? MAX_POOL : (size_t)n;
	g->customers = gen_calloc(g, g->ncustomers, sizeof(*g->customers));
	if (g->oom) {
		return VMAT_ENOMEM;
	}
	char name[256];
	for (size_t j = 0; j < g->ncustomers && !g->oom; j++) {
		size_t len = customer_name(name, j, g->seed);
		g->customers[j] = encode(g, name, len);
	}
	return g->oom ? VMAT_ENOMEM : VMAT_OK;
}

static int
setup_row(struct gen *g)
{
	size_t nd;
	g->dims = vmat_survey_dimensions(g->s, &nd);
	g->ndims = nd;
	g->state = gen_calloc(g, g->nq, sizeof(*g->state));
	g->value = gen_calloc(g, g->nq, sizeof(*g->value));
	g->pick = gen_calloc(g, g->nq, sizeof(*g->pick));
	g->chosen = gen_calloc(g, g->nflags, sizeof(*g->chosen));
	g->dimoff = gen_calloc(g, nd, sizeof(*g->dimoff));
	g->perm = gen_calloc(g, g->maxchoices, sizeof(*g->perm));
	return g->oom ? VMAT_ENOMEM : VMAT_OK;
}

/* Writing */

static void
flush(struct gen *g)
{
	size_t n = (size_t)(g->p - g->buf);
	if (n && !g->failed && fwrite(g->buf, 1, n, g->fp) != n) {
		g->failed = true;
	}
	g->p = g->buf;
}

/* Room for n more bytes; false when n does not fit even in an empty buffer. */
static bool
room(struct gen *g, size_t n)
{
	if ((size_t)(g->end - g->p) < n) {
		flush(g);
	}
	return (size_t)(g->end - g->p) >= n;
}

static void
put(struct gen *g, const char *s, size_t n)
{
	if (!room(g, n)) {
		if (!g->failed && fwrite(s, 1, n, g->fp) != n) {
			g->failed = true;
		}
		return;
	}
	memcpy(g->p, s, n);
	g->p += n;
}

static void
put_cell(struct gen *g, const struct cell *c)
{
	/* most cells are short: a fixed-size copy (the dictionary ends in
	 * DICT_PAD spare bytes), cheaper than memcpy of a variable length */
	if (c->len <= SHORT_CELL && (size_t)(g->end - g->p) >= SHORT_CELL) {
		memcpy(g->p, g->dict + c->off, SHORT_CELL);
		g->p += c->len;
		return;
	}
	put(g, g->dict + c->off, c->len);
}

static void
put_char(struct gen *g, char c)
{
	if (room(g, 1)) {
		*g->p++ = c;
	}
}

/* reference §6 numbers: "." as the decimal point, trailing zeros trimmed; v in
 * hundredths. Numbers are never guarded. */
static void
put_hundredths(struct gen *g, int64_t v)
{
	char tmp[32], *e = tmp + sizeof(tmp), *p = e;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	unsigned frac = (unsigned)(u % 100);
	u /= 100;
	if (frac) {
		if (frac % 10) {
			*--p = (char)('0' + frac % 10);
		}
		*--p = (char)('0' + frac / 10);
		*--p = '.';
	}
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0) {
		*--p = '-';
	}
	put(g, p, (size_t)(e - p));
}

static const char hex[] = "0123456789abcdef";

static void
put_hex(char *out, uint64_t v, int digits)
{
	for (int k = digits - 1; k >= 0; k--) {
		out[k] = hex[v & 15];
		v >>= 4;
	}
}

/* A UUID v4 layout whose first 48 bits are a bijection of the row number:
 * ids never repeat within a run (for fewer than 2^48 rows). The bijection
 * depends on the survey, the count and the seed, so that the rows of two
 * runs that differ in any of them do not share ids. */
static void
put_id(struct gen *g, uint64_t i, struct rng *r)
{
	const uint64_t m48 = (1ull << 48) - 1;
	uint64_t x = (i + g->id_key) & m48;
	x ^= x >> 23;
	x = (x * 0x9fb21c651e98dull) & m48;
	x ^= x >> 21;
	x = (x * 0x2c1b3c6d5a1dull) & m48;
	x ^= x >> 24;
	uint64_t y = next(r);
	char s[36];
	put_hex(s, x >> 16, 8);
	s[8] = '-';
	put_hex(s + 9, x & 0xffff, 4);
	s[13] = '-';
	s[14] = '4';
	put_hex(s + 15, y & 0xfff, 3);
	s[18] = '-';
	put_hex(s + 19, 0x8000 | ((y >> 12) & 0x3fff), 4);
	s[23] = '-';
	put_hex(s + 24, y >> 16, 12);
	put(g, s, 36);
}

/* One response */

/* reference §1 `when`, as vmat_score() reads it. */
static bool
shown(const struct gen *g, const struct qgen *qg)
{
	const struct vmat_question *q = qg->q;
	if (!q->has_when) {
		return true;
	}
	size_t t = q->when_question;
	if (g->state[t] != ANSWERED) {
		return false;
	}
	const struct qgen *tg = &g->qs[t];
	switch (tg->q->type) {
	case VMAT_CHOICE:
		return qg->want && qg->want[g->pick[t]];
	case VMAT_MULTI:
		for (size_t c = 0; c < tg->q->nchoices; c++) {
			if (g->chosen[tg->flags + c] && qg->want && qg->want[c]) {
				return true;
			}
		}
		return false;
	case VMAT_YESNO:
		return g->value[t] != 0 ? qg->want_yes : qg->want_no;
	case VMAT_SCALE:
	case VMAT_NUMBER:
	case VMAT_PERCENT:
		return g->value[t] >= q->when_min && g->value[t] <= q->when_max;
	case VMAT_TEXT:
		return false;
	}
	return false;
}

/* The scored choice whose level is nearest to L, one of those as near at
 * random; -1 when none is scored. */
static long
nearest_choice(const struct vmat_question *q, double L, struct rng *r)
{
	long best = -1;
	uint32_t ties = 0;
	for (size_t c = 0; c < q->nchoices; c++) {
		double l = q->choices[c].level;
		if (isnan(l)) {
			continue;
		}
		double d = fabs(l - L);
		double bd = best < 0 ? INFINITY : fabs(q->choices[best].level - L);
		if (d < bd) {
			best = (long)c;
			ties = 1;
		} else if (d == bd && below(r, ++ties) == 0) {
			best = (long)c;
		}
	}
	return best;
}

/* A choice with no level ("Don't know"); -1 when there is none. */
static long
null_choice(const struct vmat_question *q)
{
	for (size_t c = 0; c < q->nchoices; c++) {
		if (isnan(q->choices[c].level)) {
			return (long)c;
		}
	}
	return -1;
}

/* Unscored: the first choices are the common ones. */
static size_t
some_choice(const struct vmat_question *q, struct rng *r)
{
	size_t c = below(r, (uint32_t)q->nchoices);
	return chance(r, 500) ? c / 2 : c;
}

static void
answer_multi(struct gen *g, struct qgen *qg, struct rng *r, double L)
{
	const struct vmat_question *q = qg->q;
	unsigned char *chosen = g->chosen + qg->flags;
	size_t n = q->nchoices, picked = 0;
	memset(chosen, 0, n);
	if (!qg->scored) {
		/* context only: one to three answers, or "none" alone */
		if (qg->none >= 0 && chance(r, 60)) {
			chosen[qg->none] = 1;
			return;
		}
		size_t want = 1 + chance(r, 350) + chance(r, 120);
		for (size_t k = 0; k < 8 && picked < want; k++) {
			size_t c = some_choice(q, r);
			if ((long)c != qg->none && !chosen[c]) {
				chosen[c] = 1;
				picked++;
			}
		}
	} else if (q->combine == VMAT_COMBINE_SUM) {
		/* practices that add up to the target, in a random order */
		for (size_t c = 0; c < n; c++) {
			g->perm[c] = c;
		}
		for (size_t c = n; c > 1; c--) {
			size_t k = below(r, (uint32_t)c), t = g->perm[c - 1];
			g->perm[c - 1] = g->perm[k];
			g->perm[k] = t;
		}
		double sum = 0;
		for (size_t k = 0; k < n; k++) {
			size_t c = g->perm[k];
			double l = q->choices[c].level;
			if ((long)c == qg->none) {
				continue;
			}
			if (isnan(l) ? chance(r, 50) : sum + l <= L + 0.125) {
				chosen[c] = 1;
				picked++;
				sum += isnan(l) ? 0 : l;
			}
		}
	} else {
		/* max, mean: the answer nearest the target and, for max, some lesser ones */
		long best = nearest_choice(q, L, r);
		if (best >= 0) {
			chosen[best] = 1;
			picked++;
		}
		if (best >= 0 && best == qg->none) {
			return;
		}
		for (size_t c = 0; c < n && best >= 0; c++) {
			double l = q->choices[c].level;
			if ((long)c == qg->none || (long)c == best) {
				continue;
			}
			bool lesser = !isnan(l) && l < q->choices[best].level;
			if (q->combine == VMAT_COMBINE_MAX ? (lesser ? chance(r, 450) : false)
							   : (isnan(l) && chance(r, 40))) {
				chosen[c] = 1;
				picked++;
			}
		}
	}
	if (picked == 0) {
		/* nothing fits: "none", or the least of the choices */
		long c = qg->none >= 0 ? qg->none : nearest_choice(q, -1, r);
		chosen[c >= 0 ? (size_t)c : 0] = 1;
	}
}

/* A multiple of step from lo to hi (hundredths), uniformly. */
static int64_t
between(struct rng *r, int64_t lo, int64_t hi, int64_t step)
{
	int64_t steps = (hi - lo) / step;
	return lo + (int64_t)below(r, (uint32_t)(steps < 1000000000 ? steps + 1 : 1000000000)) *
			    step;
}

/* An answer to a number or percent question near level L, in hundredths. */
static int64_t
answer_number(const struct qgen *qg, struct rng *r, double L, int size)
{
	int64_t s = qg->step;
	if (qg->nbins == 0) {
		if (qg->lo > -WINDOW && qg->hi < WINDOW) {
			return between(r, ceil_div(qg->lo, s) * s, floor_div(qg->hi, s) * s, s);
		}
		/* unscored and open-ended: a count, its order of magnitude
		 * growing with the customer's size */
		static const int64_t mags[] = { 5, 10, 20, 40, 80, 150, 300, 600, 1200, 2500 };
		size_t k = (size_t)clamp(size * 2 + (int)below(r, 4), 0, (int)COUNT(mags) - 1);
		int64_t v = (mags[k] + below(r, (uint32_t)mags[k])) * (s < 100 ? 100 : s);
		if (qg->lo > -WINDOW) {
			return ceil_div(qg->lo, s) * s + v;
		}
		return qg->hi < WINDOW ? floor_div(qg->hi, s) * s - v : v;
	}
	const struct bin *best = &qg->bins[0];
	for (size_t k = 1; k < qg->nbins; k++) {
		if (fabs(qg->bins[k].level - L) < fabs(best->level - L)) {
			best = &qg->bins[k];
		}
	}
	/* often the threshold itself: answers cluster on round numbers */
	if (best->anchor != INT64_MIN && chance(r, 300)) {
		return best->anchor;
	}
	return between(r, best->lo, best->hi, s);
}

/* Writes the answer to question i as one cell (after its comma), and
 * records it for the `when` of later questions. u: the response's maturity
 * in that question's dimension, 0..SCALE. */
static void
answer(struct gen *g, size_t i, struct rng *r, int u, int size)
{
	struct qgen *qg = &g->qs[i];
	const struct vmat_question *q = qg->q;
	double L = 0;
	if (q->type != VMAT_SCALE) {
		L = (double)u * g->S / SCALE;	/* the level aimed at */
	}
	g->state[i] = ANSWERED;
	switch (q->type) {
	case VMAT_CHOICE: {
		long c = qg->scored ? nearest_choice(q, L, r) : -1;
		long unknown = null_choice(q);
		if (c < 0 || (unknown >= 0 && chance(r, 40))) {
			c = unknown >= 0 && qg->scored ? unknown : (long)some_choice(q, r);
		}
		g->pick[i] = (size_t)c;
		put_cell(g, &qg->ids[c]);
		break;
	}
	case VMAT_MULTI: {
		answer_multi(g, qg, r, L);
		bool first = true;
		for (size_t c = 0; c < q->nchoices; c++) {
			if (g->chosen[qg->flags + c]) {
				if (!first) {
					put_char(g, ';');
				}
				put_cell(g, &qg->ids[c]);
				first = false;
			}
		}
		break;
	}
	case VMAT_YESNO: {
		unsigned yes = 250 + (unsigned)u / 2;	/* unscored: mature ones say yes */
		double ly = q->yes_level, ln = q->no_level;
		if (!isnan(ly) && !isnan(ln) && ly != ln) {
			double p = (L - ln) / (ly - ln);
			p = p < 0.08 ? 0.08 : p > 0.92 ? 0.92 : p;
			yes = (unsigned)(p * 1000);
		}
		bool y = chance(r, yes);
		g->value[i] = y;
		put(g, y ? "yes" : "no", y ? 3 : 2);
		break;
	}
	case VMAT_SCALE: {
		int64_t span = qg->scale_span;
		int64_t k = span <= 1000000000 ? (span * u + SCALE / 2) / SCALE : span / SCALE * u;
		g->value[i] = (double)(qg->scale_lo + k);
		if (qg->scale_cells) {
			put_cell(g, &qg->scale_cells[k]);
		} else {
			put_hundredths(g, (qg->scale_lo + k) * 100);
		}
		break;
	}
	case VMAT_NUMBER:
	case VMAT_PERCENT: {
		int64_t v = answer_number(qg, r, L, size);
		double d = (double)v / 100;
		if (d < q->min || d > q->max) {
			g->state[i] = EMPTY;	/* cannot happen: the bins lie within */
			break;
		}
		g->value[i] = d;
		put_hundredths(g, v);
		break;
	}
	case VMAT_TEXT:
		put_cell(g, pool_pick(&g->texts, r));
		break;
	}
}

/* The customer of row i, uniformly from the pool. */
static size_t
customer_of(const struct gen *g, uint64_t i)
{
	return (size_t)(((mix64(i ^ g->customer_key) >> 32) * g->ncustomers) >> 32);
}

static void
write_row(struct gen *g, uint64_t i, size_t j)
{
	struct rng r, c;
	rng_seed(&r, g->seed, ROW_STREAM, i);
	rng_seed(&c, g->seed, CUSTOMER_STREAM, j);

	/* the customer: fields, size, maturity and how it grows */
	for (size_t k = 0; k < g->ncols; k++) {
		const struct col *col = &g->cols[k];
		const struct pool *p = &col->pool;
		const struct cell *region = g->vals[g->region_col];
		if (col->by_region && region) {
			p = &col->by_region[region - g->cols[g->region_col].pool.cells];
		}
		bool filled = col->fill >= 1000 || chance(&c, col->fill);
		g->vals[k] = col->kind == C_POOL && filled ? pool_pick(p, &c) : NULL;
	}
	const struct cell *seg = g->vals[g->segment_col];
	int base = seg ? g->seg_base[seg - g->cols[g->segment_col].pool.cells] : 330;
	int size = base / 100 - 2 + (int)below(&c, 3);	/* 0 (small) to 4 (large) */
	base += tri(&c, 250);
	if (chance(&c, 120)) {
		base += 250;	/* a leader */
	}
	int growth = 20 + (int)below(&c, 101);	/* maturity per year */
	for (size_t d = 0; d < g->ndims; d++) {
		/* the mindset runs ahead of the platform */
		g->dimoff[d] = tri(&c, 90) + (g->dims[d].intent ? 120 : 0);
	}

	/* the interview: when, and how mature the customer was by then */
	uint32_t day = below(&r, NDAYS);
	int m = clamp(base + (int)(growth * (int)day / 365) + tri(&r, 60), 0, SCALE);
	unsigned skip = 40 + below(&r, 121);	/* permille: 10% on average */

	for (size_t k = 0; k < g->ncols; k++) {
		const struct col *col = &g->cols[k];
		if (k) {
			put_char(g, ',');
		}
		if (col->kind == C_ID) {
			put_id(g, i, &r);
		} else if (col->kind == C_CUSTOMER) {
			put_cell(g, &g->customers[j]);
		} else if (col->kind == C_DATE) {
			put_cell(g, &g->dates[day]);
		} else if (g->vals[k]) {
			put_cell(g, g->vals[k]);
		}
	}
	for (size_t q = 0; q < g->nq; q++) {
		const struct qgen *qg = &g->qs[q];
		put_char(g, ',');
		if (!shown(g, qg)) {
			g->state[q] = HIDDEN;
			continue;
		}
		unsigned x = below(&r, 1000);
		if (x < 15) {
			g->state[q] = NA;
			put_cell(g, pool_pick(&g->na, &r));
			continue;
		}
		if (x < 15 + skip || (qg->skip && chance(&r, qg->skip))) {
			g->state[q] = EMPTY;
			continue;
		}
		long d = qg->q->dimension;
		int u = m + tri(&r, 220);
		if (d >= 0) {
			u += g->dimoff[d];
		}
		answer(g, q, &r, clamp(u, 0, SCALE), size);
	}
	put_char(g, '\n');
}

static void
write_header(struct gen *g)
{
	size_t nf;
	const struct vmat_field *fields = vmat_survey_fields(g->s, &nf);
	for (size_t k = 0; k < g->ncols; k++) {
		const char *id = fields[g->cols[k].field].id;
		if (k) {
			putc(',', g->fp);
		}
		vmat_csv_cell(g->fp, id, strlen(id), true);
	}
	for (size_t q = 0; q < g->nq; q++) {
		putc(',', g->fp);
		vmat_csv_cell(g->fp, g->qs[q].q->id, strlen(g->qs[q].q->id), true);
	}
	putc('\n', g->fp);
}

int
vmat_sample_write(FILE *fp, const struct vmat_survey *s, uint64_t count, uint64_t seed)
{
	struct gen *g = calloc(1, sizeof(*g));
	if (!g) {
		return VMAT_ENOMEM;
	}
	size_t S;
	vmat_survey_stages(s, &S);
	g->s = s;
	g->seed = seed;
	g->S = (int)S;
	g->fp = fp;
	g->p = g->buf;
	g->end = g->buf + sizeof(g->buf);
	int rc = VMAT_ENOMEM;
	g->dict_fp = open_memstream(&g->dict, &g->dict_len);
	if (!g->dict_fp) {
		goto err_gen;
	}
	if (setup_columns(g) != VMAT_OK || setup_questions(g) != VMAT_OK ||
	    setup_row(g) != VMAT_OK || setup_customers(g, count) != VMAT_OK) {
		goto err_dict;
	}
	setup_dates(g);
	pool_init(g, &g->na, na_cells, COUNT(na_cells), NULL);
	pool_init(g, &g->texts, texts, COUNT(texts), NULL);
	for (int k = 0; k < DICT_PAD; k++) {
		putc('\0', g->dict_fp);
	}
	bool bad = g->oom || ferror(g->dict_fp);
	if (fclose(g->dict_fp) != 0 || bad || !g->dict) {
		g->dict_fp = NULL;
		goto err_dict;
	}
	g->dict_fp = NULL;

	write_header(g);
	/* The names are spread over megabytes and each row wants one at
	 * random: fetch the next rows' early, so that they are in the cache
	 * by the time they are written. */
	g->customer_key = mix64(seed ^ 0x5ca1ab1e);
	uint64_t h = 0xcbf29ce484222325u;	/* FNV-1a of the survey id */
	for (const char *p = vmat_survey_id(s); *p; p++) {
		h = (h ^ (unsigned char)*p) * 0x100000001b3u;
	}
	g->id_key = mix64(seed ^ mix64(count ^ mix64(h)));
	size_t next1 = customer_of(g, 0), next2 = customer_of(g, 1);
	for (uint64_t i = 0; i < count && !g->failed; i++) {
		size_t j = next1;
		next1 = next2;
		next2 = customer_of(g, i + 2);
		prefetch(&g->customers[next2]);
		prefetch(g->dict + g->customers[next1].off);
		prefetch(g->dict + g->customers[next1].off + 63);	/* DICT_PAD */
		write_row(g, i, j);
	}
	flush(g);
	rc = g->failed || ferror(fp) ? VMAT_EIO : VMAT_OK;
err_dict:
	if (g->dict_fp) {
		fclose(g->dict_fp);
	}
	free(g->dict);
	arena_free(&g->arena);
err_gen:
	free(g);
	return rc;
}
