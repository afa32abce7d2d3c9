/* Grouping scored responses and their statistics: SPEC §5. Responses are
 * kept as compact records until vmat_agg_finish(), because --latest and
 * --min-group can only be decided once every response is in. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static const char *const derived_fields[] = { "year", "quarter", "month" };
#define OTHER "(other)"
#define MAX_BY 16	/* --by fields */
#define NONE "(none)"

struct record {
	size_t key;		/* index into agg->keys */
	const char *customer, *interviewer, *date;
	int stage;
	double index, aspiration, gap, completeness;
	size_t first_score;	/* into agg->scores: ndims values */
	size_t first_blocker, nblockers;	/* into agg->blockers */
	size_t row_off, row_len;	/* into the kept rows */
	double percentile;
	size_t group;
	bool counted;
};

struct vmat_agg {
	const struct vmat_survey *survey;
	struct vmat_report_options opt;
	long *by_field;		/* field index, or -1 - derived index */
	size_t ndims, nstages;
	struct arena arena;

	struct strmap key_map;	/* "value\x1fvalue..." -> key index */
	const char ***keys;
	size_t nkeys, capkeys;

	struct record *records;
	size_t nrecords, caprecords;
	double *scores;
	size_t nscores, capscores;
	size_t *blockers;
	size_t nblockers, capblockers;

	struct vmat_rows *rows;	/* keep_rows: every row, in memory */
	FILE *rows_fp;
	char *rows_buf;
	size_t rows_len, header_len;

	struct vmat_group *groups;
	const char **labels;
	size_t ngroups;
	size_t *aspiration;	/* (S + 1) x (S + 1) */
	const char **quarters;
	size_t nquarters, capquarters;
	double *quarter_index;	/* ngroups x nquarters */
	const char **metric_names;
	double *metrics;	/* ngroups x nmetrics */
	size_t nmetrics;
	bool oom;
};

/* Grows *items (of size each) to hold n + 1. */
static bool
reserve(void **items, size_t *cap, size_t n, size_t size)
{
	if (n < *cap) {
		return true;
	}
	size_t c = *cap ? *cap * 2 : 256;
	void *p = realloc(*items, c * size);
	if (!p) {
		return false;
	}
	*items = p;
	*cap = c;
	return true;
}

int
vmat_agg_create(struct vmat_agg **out, const struct vmat_survey *survey,
		const struct vmat_report_options *opt, struct vmat_diags *diags)
{
	*out = NULL;
	struct vmat_agg *a = calloc(1, sizeof(*a));
	if (!a) {
		return VMAT_ENOMEM;
	}
	a->survey = survey;
	a->opt = *opt;
	vmat_survey_dimensions(survey, &a->ndims);
	vmat_survey_stages(survey, &a->nstages);
	a->by_field = calloc(opt->nby + 1, sizeof(*a->by_field));
	if (!a->by_field) {
		vmat_agg_destroy(a);
		return VMAT_ENOMEM;
	}
	int rc = VMAT_OK;
	if (opt->nby > MAX_BY) {
		diag_add(diags, VMAT_ERROR, "", 0, 0, "--by", "at most %d fields", MAX_BY);
		rc = VMAT_EINVAL;
	}
	for (size_t i = 0; i < opt->nby && rc == VMAT_OK; i++) {
		const char *name = opt->by[i];
		long f = vmat_survey_field_index(survey, name);
		for (size_t k = 0; f < 0 && k < COUNT(derived_fields); k++) {
			if (strcmp(name, derived_fields[k]) == 0) {
				f = -1 - (long)k;
			}
		}
		if (f == -1 && strcmp(name, "year") != 0) {
			size_t nf;
			const struct vmat_field *fields = vmat_survey_fields(survey, &nf);
			char list[1024] = "";
			for (size_t k = 0, o = 0; k < nf && o < sizeof(list); k++) {
				o += (size_t)snprintf(list + o, sizeof(list) - o, "%s, ", fields[k].id);
			}
			diag_add(diags, VMAT_ERROR, "", 0, 0, "--by",
				 "unknown field \"%s\" (expected one of: %syear, quarter, month)", name,
				 list);
			rc = VMAT_EINVAL;
		}
		for (size_t k = 0; k < i; k++) {
			if (strcmp(opt->by[k], name) == 0) {
				diag_add(diags, VMAT_ERROR, "", 0, 0, "--by", "field \"%s\" given twice",
					 name);
				rc = VMAT_EINVAL;
			}
		}
		a->by_field[i] = f;
	}
	if (rc == VMAT_OK && opt->keep_rows) {
		a->rows_fp = open_memstream(&a->rows_buf, &a->rows_len);
		if (!a->rows_fp ||
		    vmat_rows_create(&a->rows, a->rows_fp, survey, VMAT_FORMAT_CSV, true) != VMAT_OK ||
		    fflush(a->rows_fp) != 0) {
			rc = VMAT_ENOMEM;
		}
		a->header_len = a->rows_len;
	}
	if (rc != VMAT_OK) {
		vmat_agg_destroy(a);
		return rc;
	}
	*out = a;
	return VMAT_OK;
}

void
vmat_agg_destroy(struct vmat_agg *a)
{
	if (!a) {
		return;
	}
	vmat_rows_destroy(a->rows);
	if (a->rows_fp) {
		fclose(a->rows_fp);
	}
	free(a->rows_buf);
	strmap_free(&a->key_map);
	arena_free(&a->arena);
	free(a->by_field);
	free(a->keys);
	free(a->records);
	free(a->scores);
	free(a->blockers);
	free(a->groups);
	free(a->metrics);
	free(a->quarters);
	free(a->quarter_index);
	free(a);
}

/* SPEC §1: the quarter of a YYYY-MM-DD date, "2010-Q2". */
static const char *
quarter_of(const char *date, char buf[24])
{
	snprintf(buf, 24, "%.4s-Q%d", date, (atoi(date + 5) + 2) / 3);
	return buf;
}

/* The value of --by field i for response r: a field, or one derived from
 * the date (SPEC §1: year, quarter "2010-Q2", month "2010-05"). */
static const char *
key_value(struct vmat_agg *a, size_t i, const struct vmat_response *r, char buf[24])
{
	long f = a->by_field[i];
	if (f >= 0) {
		return r->fields[f] ? r->fields[f] : NONE;
	}
	const char *date = r->fields[3];	/* built-in field 3 is date */
	if (!date) {
		return NONE;
	}
	switch (-1 - f) {
	case 0:
		snprintf(buf, 24, "%.4s", date);
		break;
	case 1:
		quarter_of(date, buf);
		break;
	default:
		snprintf(buf, 24, "%.7s", date);
		break;
	}
	return buf;
}

static bool
add_key(struct vmat_agg *a, const struct vmat_response *r, size_t *out)
{
	size_t len = 0;
	const char *vals[MAX_BY];
	char bufs[MAX_BY][24];
	for (size_t i = 0; i < a->opt.nby; i++) {
		vals[i] = key_value(a, i, r, bufs[i]);
		len += strlen(vals[i]) + 1;
	}
	char *joined = arena_alloc(&a->arena, len + 1), *p = joined;
	if (!joined) {
		return false;
	}
	for (size_t i = 0; i < a->opt.nby; i++) {
		p += sprintf(p, "%s\x1f", vals[i]);	/* no field value holds a control char */
	}
	bool added;
	size_t *value = strmap_put(&a->key_map, joined, (size_t)(p - joined), a->nkeys, &added);
	if (!value) {
		return false;
	}
	*out = *value;
	if (!added) {
		return true;	/* an existing key; the copy stays in the arena */
	}
	const char **key = arena_calloc(&a->arena, a->opt.nby + 1, sizeof(*key));
	if (!key || !reserve((void **)&a->keys, &a->capkeys, a->nkeys, sizeof(*a->keys))) {
		return false;
	}
	for (size_t i = 0; i < a->opt.nby; i++) {
		key[i] = arena_strdup(&a->arena, vals[i]);
		if (!key[i]) {
			return false;
		}
	}
	a->keys[a->nkeys++] = key;
	return true;
}

int
vmat_agg_add(struct vmat_agg *a, const struct vmat_response *r, const struct vmat_result *res)
{
	if (!reserve((void **)&a->records, &a->caprecords, a->nrecords, sizeof(*a->records))) {
		return VMAT_ENOMEM;
	}
	struct record *rec = &a->records[a->nrecords];
	*rec = (struct record){
		.customer = arena_strdup(&a->arena, r->fields[1]),
		.interviewer = r->fields[4] ? arena_strdup(&a->arena, r->fields[4]) : NULL,
		.date = arena_strdup(&a->arena, r->fields[3] ? r->fields[3] : ""),
		.stage = res->stage,
		.index = res->index,
		.aspiration = res->aspiration,
		.gap = res->gap,
		.completeness = res->completeness,
		.first_score = a->nscores,
		.first_blocker = a->nblockers,
		.nblockers = res->nblockers,
	};
	if (!rec->customer || !rec->date || (r->fields[4] && !rec->interviewer) ||
	    !add_key(a, r, &rec->key)) {
		return VMAT_ENOMEM;
	}
	for (size_t d = 0; d < a->ndims; d++) {
		if (!reserve((void **)&a->scores, &a->capscores, a->nscores, sizeof(*a->scores))) {
			return VMAT_ENOMEM;
		}
		a->scores[a->nscores++] = res->scores[d];
	}
	for (size_t i = 0; i < res->nblockers; i++) {
		if (!reserve((void **)&a->blockers, &a->capblockers, a->nblockers,
			     sizeof(*a->blockers))) {
			return VMAT_ENOMEM;
		}
		a->blockers[a->nblockers++] = res->blockers[i].dimension;
	}
	if (a->rows) {
		rec->row_off = a->rows_len;
		if (vmat_rows_write(a->rows, r, res) != VMAT_OK || fflush(a->rows_fp) != 0) {
			return VMAT_ENOMEM;
		}
		rec->row_len = a->rows_len - rec->row_off - 1;	/* without its newline */
	}
	a->nrecords++;
	return VMAT_OK;
}

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* SPEC §5: linear interpolation between order statistics (R type 7). */
static double
quantile(const double *sorted, size_t n, double p)
{
	if (n == 0) {
		return NAN;
	}
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);
	if (lo + 1 >= n) {
		return sorted[n - 1];
	}
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

static double
mean(const double *v, size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		sum += v[i];
	}
	return n ? sum / (double)n : NAN;
}

static size_t
distinct(struct strmap *m, const char *const *items, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		bool added = false;
		if (items[i] && items[i][0] && !strmap_put(m, items[i], strlen(items[i]), 0, &added)) {
			count = SIZE_MAX;	/* out of memory */
			break;
		}
		count += added;
	}
	strmap_free(m);
	return count;
}

/* SPEC §5: groups sorted by their key values in byte order; "(other)" of
 * --min-group, whose key is NULL here, comes last. Keys are NULL-terminated. */
static int
cmp_key(const void *x, const void *y)
{
	const char *const *a = *(const char *const *const *)x;
	const char *const *b = *(const char *const *const *)y;
	if (!a || !b) {
		return !a - !b;
	}
	for (; *a; a++, b++) {
		int c = strcmp(*a, *b);
		if (c) {
			return c;
		}
	}
	return 0;
}

static const char *const stat_names[] = {
	"index_mean", "index_p25", "index_median", "index_p75", "aspiration_mean", "gap_mean",
	"mindset_ahead_share", "completeness_mean",
};

/* The statistics of one group, from its counted records (idx). */
static int
group_stats(struct vmat_agg *a, struct vmat_group *g, const size_t *idx, size_t n,
	    double *vals, const char **names)
{
	struct strmap set = { 0 };
	size_t *stages = arena_calloc(&a->arena, a->nstages + 1, sizeof(*stages));
	size_t *blocked = arena_calloc(&a->arena, a->ndims + 1, sizeof(*blocked));
	double *dmean = arena_calloc(&a->arena, a->ndims + 1, sizeof(*dmean));
	double *dmedian = arena_calloc(&a->arena, a->ndims + 1, sizeof(*dmedian));
	if (!stages || !blocked || !dmean || !dmedian) {
		return VMAT_ENOMEM;
	}
	g->responses = n;
	for (size_t i = 0; i < n; i++) {
		names[i] = a->records[idx[i]].customer;
	}
	g->customers = distinct(&set, names, n);
	for (size_t i = 0; i < n; i++) {
		names[i] = a->records[idx[i]].interviewer;
	}
	g->interviewers = distinct(&set, names, n);

	size_t k = 0, ka = 0, kg = 0, ahead = 0;
	double asp = 0, gap = 0, compl = 0;
	for (size_t i = 0; i < n; i++) {
		const struct record *r = &a->records[idx[i]];
		stages[r->stage]++;
		compl += r->completeness;
		if (!isnan(r->index)) {
			vals[k++] = r->index;
		}
		if (!isnan(r->aspiration)) {
			asp += r->aspiration;
			ka++;
		}
		if (!isnan(r->gap)) {
			gap += r->gap;
			kg++;
			ahead += r->gap >= 1;
		}
		for (size_t b = 0; b < r->nblockers; b++) {
			blocked[a->blockers[r->first_blocker + b]]++;
		}
	}
	qsort(vals, k, sizeof(*vals), cmp_double);
	g->index_mean = mean(vals, k);
	g->index_p25 = quantile(vals, k, 0.25);
	g->index_median = quantile(vals, k, 0.5);
	g->index_p75 = quantile(vals, k, 0.75);
	for (size_t i = 0; i < n; i++) {
		struct record *r = &a->records[idx[i]];
		if (!isnan(r->index)) {
			size_t at_or_below = 0;	/* values are sorted: count by bisection */
			size_t lo = 0, hi = k;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (vals[mid] <= r->index) {
					lo = mid + 1;
				} else {
					hi = mid;
				}
			}
			at_or_below = lo;
			r->percentile = 100.0 * (double)at_or_below / (double)k;
		}
	}
	g->aspiration_mean = ka ? asp / (double)ka : NAN;
	g->gap_mean = kg ? gap / (double)kg : NAN;
	g->mindset_ahead_share = kg ? (double)ahead / (double)kg : NAN;
	g->completeness_mean = n ? compl / (double)n : NAN;
	for (size_t d = 0; d < a->ndims; d++) {
		k = 0;
		for (size_t i = 0; i < n; i++) {
			double v = a->scores[a->records[idx[i]].first_score + d];
			if (!isnan(v)) {
				vals[k++] = v;
			}
		}
		qsort(vals, k, sizeof(*vals), cmp_double);
		dmean[d] = mean(vals, k);
		dmedian[d] = quantile(vals, k, 0.5);
	}
	g->stages = stages;
	g->blocked = blocked;
	g->dim_mean = dmean;
	g->dim_median = dmedian;
	return VMAT_OK;
}

/* --latest: each customer's latest response by date, then input order. */
static int
mark_counted(struct vmat_agg *a)
{
	if (!a->opt.latest) {
		for (size_t i = 0; i < a->nrecords; i++) {
			a->records[i].counted = true;
		}
		return VMAT_OK;
	}
	struct strmap latest = { 0 };
	for (size_t i = 0; i < a->nrecords; i++) {
		struct record *r = &a->records[i];
		bool added;
		size_t *best = strmap_put(&latest, r->customer, strlen(r->customer), i, &added);
		if (!best) {
			strmap_free(&latest);
			return VMAT_ENOMEM;
		}
		if (added) {
			r->counted = true;
		} else if (strcmp(r->date, a->records[*best].date) >= 0) {
			a->records[*best].counted = false;
			r->counted = true;
			*best = i;
		}
	}
	strmap_free(&latest);
	return VMAT_OK;
}

/* The statistics' names and values, in SPEC §5 order, for both CSV shapes. */
static int
make_metrics(struct vmat_agg *a)
{
	size_t nd;
	const struct vmat_dimension *dims = vmat_survey_dimensions(a->survey, &nd);
	a->nmetrics = 3 + (a->nstages + 1) + COUNT(stat_names) + 2 * nd;
	a->metric_names = arena_calloc(&a->arena, a->nmetrics, sizeof(*a->metric_names));
	a->metrics = calloc(a->ngroups * a->nmetrics + 1, sizeof(*a->metrics));
	if (!a->metric_names || !a->metrics) {
		return VMAT_ENOMEM;
	}
	const char **n = a->metric_names;
	*n++ = "responses";
	*n++ = "customers";
	*n++ = "interviewers";
	for (size_t s = 0; s <= a->nstages; s++) {
		*n++ = arena_printf(&a->arena, "stage%zu", s);
	}
	for (size_t i = 0; i < COUNT(stat_names); i++) {
		*n++ = stat_names[i];
	}
	for (size_t d = 0; d < nd; d++) {
		*n++ = arena_printf(&a->arena, "%s_mean", dims[d].id);
		*n++ = arena_printf(&a->arena, "%s_median", dims[d].id);
	}
	for (size_t i = 0; i < a->nmetrics; i++) {
		if (!a->metric_names[i]) {
			return VMAT_ENOMEM;
		}
	}
	for (size_t gi = 0; gi < a->ngroups; gi++) {
		const struct vmat_group *g = &a->groups[gi];
		double *v = &a->metrics[gi * a->nmetrics];
		*v++ = (double)g->responses;
		*v++ = (double)g->customers;
		*v++ = (double)g->interviewers;
		for (size_t s = 0; s <= a->nstages; s++) {
			*v++ = (double)g->stages[s];
		}
		const double stats[] = { g->index_mean,	     g->index_p25,	 g->index_median,
					 g->index_p75,	     g->aspiration_mean, g->gap_mean,
					 g->mindset_ahead_share, g->completeness_mean };
		for (size_t i = 0; i < COUNT(stats); i++) {
			*v++ = stats[i];
		}
		for (size_t d = 0; d < nd; d++) {
			*v++ = g->dim_mean[d];
			*v++ = g->dim_median[d];
		}
	}
	return VMAT_OK;
}

static int
cmp_string(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* What the charts show besides the statistics: group labels, aspiration
 * against stage, and the mean index per group and quarter. */
static int
make_views(struct vmat_agg *a)
{
	size_t S = a->nstages;
	a->labels = arena_calloc(&a->arena, a->ngroups + 1, sizeof(*a->labels));
	a->aspiration = arena_calloc(&a->arena, (S + 1) * (S + 1), sizeof(*a->aspiration));
	if (!a->labels || !a->aspiration) {
		return VMAT_ENOMEM;
	}
	for (size_t g = 0; g < a->ngroups; g++) {
		size_t len = 1;
		for (size_t i = 0; i < a->opt.nby; i++) {
			len += strlen(a->groups[g].key[i]) + 3;
		}
		char *label = arena_alloc(&a->arena, len), *p = label;
		if (!label) {
			return VMAT_ENOMEM;
		}
		*p = '\0';
		for (size_t i = 0; i < a->opt.nby; i++) {
			p += sprintf(p, "%s%s", i ? " / " : "", a->groups[g].key[i]);
		}
		a->labels[g] = label;
	}
	struct strmap seen = { 0 };
	int rc = VMAT_OK;
	for (size_t i = 0; i < a->nrecords && rc == VMAT_OK; i++) {
		const struct record *r = &a->records[i];
		if (!r->counted) {
			continue;
		}
		if (!isnan(r->aspiration)) {
			a->aspiration[(size_t)r->stage * (S + 1) + (size_t)r->aspiration]++;
		}
		char buf[24];
		char *q = arena_strdup(&a->arena, quarter_of(r->date, buf));
		bool added;
		if (!q || !strmap_put(&seen, q, strlen(q), a->nquarters, &added) ||
		    (added && !reserve((void **)&a->quarters, &a->capquarters, a->nquarters,
				       sizeof(*a->quarters)))) {
			rc = VMAT_ENOMEM;
		} else if (added) {
			a->quarters[a->nquarters++] = q;
		}
	}
	strmap_free(&seen);
	if (rc != VMAT_OK) {
		return rc;
	}
	qsort(a->quarters, a->nquarters, sizeof(*a->quarters), cmp_string);
	size_t cells = a->ngroups * a->nquarters + 1;
	a->quarter_index = calloc(cells, sizeof(*a->quarter_index));
	double *count = calloc(cells, sizeof(*count));
	if (!a->quarter_index || !count) {
		free(count);
		return VMAT_ENOMEM;
	}
	for (size_t i = 0; i < a->nrecords; i++) {
		const struct record *r = &a->records[i];
		if (!r->counted || isnan(r->index)) {
			continue;
		}
		char buf[24];
		const char **q = bsearch(&(const char *){ quarter_of(r->date, buf) }, a->quarters, a->nquarters,
					 sizeof(*a->quarters), cmp_string);
		size_t cell = r->group * a->nquarters + (size_t)(q - a->quarters);
		a->quarter_index[cell] += r->index;
		count[cell]++;
	}
	for (size_t c = 0; c + 1 < cells; c++) {
		a->quarter_index[c] = count[c] ? a->quarter_index[c] / count[c] : NAN;
	}
	free(count);
	return VMAT_OK;
}

const size_t *
vmat_agg_aspiration(const struct vmat_agg *a)
{
	return a->aspiration;
}

const char *const *
vmat_agg_quarters(const struct vmat_agg *a, size_t *count)
{
	*count = a->nquarters;
	return a->quarters;
}

double
vmat_agg_quarter_index(const struct vmat_agg *a, size_t g, size_t q)
{
	return a->quarter_index[g * a->nquarters + q];
}

const char *
vmat_agg_group_label(const struct vmat_agg *a, size_t g)
{
	return a->labels[g];
}

int
vmat_agg_finish(struct vmat_agg *a)
{
	int rc = mark_counted(a);
	size_t *count = calloc(a->nkeys + 1, sizeof(*count));
	size_t *group_of = calloc(a->nkeys + 1, sizeof(*group_of));
	const char ***order = calloc(a->nkeys + 1, sizeof(*order));
	size_t *idx = calloc(a->nrecords + 1, sizeof(*idx));
	size_t *start = NULL;
	double *vals = calloc(a->nrecords + 1, sizeof(*vals));
	const char **names = calloc(a->nrecords + 1, sizeof(*names));
	if (rc != VMAT_OK || !count || !group_of || !order || !idx || !vals || !names) {
		rc = VMAT_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < a->nrecords; i++) {
		count[a->records[i].key] += a->records[i].counted;
	}
	/* --min-group: small groups fold into one "(other)", listed last. */
	size_t nkept = 0;
	bool other = false;
	for (size_t k = 0; k < a->nkeys; k++) {
		if (count[k] == 0) {
			continue;
		}
		if (count[k] < a->opt.min_group) {
			other = true;
		} else {
			order[nkept++] = a->keys[k];
		}
	}
	qsort(order, nkept, sizeof(*order), cmp_key);
	a->ngroups = nkept + other;
	a->groups = calloc(a->ngroups + 1, sizeof(*a->groups));
	start = calloc(a->ngroups + 2, sizeof(*start));
	if (!a->groups || !start) {
		rc = VMAT_ENOMEM;
		goto out;
	}
	for (size_t g = 0; g < nkept; g++) {
		a->groups[g].key = order[g];
	}
	if (other) {
		const char **key = arena_calloc(&a->arena, a->opt.nby + 1, sizeof(*key));
		if (!key) {
			rc = VMAT_ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < a->opt.nby; i++) {
			key[i] = OTHER;
		}
		a->groups[nkept].key = key;
	}
	for (size_t k = 0; k < a->nkeys; k++) {
		/* keys are few: a search per key keeps this simple */
		group_of[k] = nkept;
		for (size_t g = 0; g < nkept; g++) {
			if (order[g] == a->keys[k]) {
				group_of[k] = g;
			}
		}
	}
	/* Counting sort of the counted records by group, in input order. */
	for (size_t i = 0; i < a->nrecords; i++) {
		struct record *r = &a->records[i];
		r->group = group_of[r->key];
		start[r->group + 1] += r->counted;
	}
	for (size_t g = 0; g < a->ngroups; g++) {
		start[g + 1] += start[g];
	}
	size_t *fill = calloc(a->ngroups + 1, sizeof(*fill));
	if (!fill) {
		rc = VMAT_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < a->nrecords; i++) {
		if (a->records[i].counted) {
			size_t g = a->records[i].group;
			idx[start[g] + fill[g]++] = i;
		}
	}
	free(fill);
	for (size_t g = 0; g < a->ngroups && rc == VMAT_OK; g++) {
		rc = group_stats(a, &a->groups[g], idx + start[g], start[g + 1] - start[g], vals,
				 names);
		if (a->groups[g].customers == SIZE_MAX || a->groups[g].interviewers == SIZE_MAX) {
			rc = VMAT_ENOMEM;
		}
	}
	if (rc == VMAT_OK) {
		rc = make_metrics(a);
	}
	if (rc == VMAT_OK) {
		rc = make_views(a);
	}
out:
	free(count);
	free(group_of);
	free(order);
	free(idx);
	free(start);
	free(vals);
	free(names);
	return rc;
}

const struct vmat_group *
vmat_agg_groups(const struct vmat_agg *a, size_t *count)
{
	*count = a->ngroups;
	return a->groups;
}

static void
write_key(const struct vmat_agg *a, FILE *fp, const struct vmat_group *g, bool guard)
{
	for (size_t i = 0; i < a->opt.nby; i++) {
		vmat_csv_cell(fp, g->key[i], strlen(g->key[i]), guard);
		putc(',', fp);
	}
}

static void
write_header_by(const struct vmat_agg *a, FILE *fp)
{
	for (size_t i = 0; i < a->opt.nby; i++) {
		fprintf(fp, "%s,", a->opt.by[i]);
	}
}

int
vmat_agg_write_summary(const struct vmat_agg *a, FILE *fp, bool guard)
{
	char num[32];
	write_header_by(a, fp);
	for (size_t m = 0; m < a->nmetrics; m++) {
		fprintf(fp, "%s%s", m ? "," : "", a->metric_names[m]);
	}
	putc('\n', fp);
	for (size_t g = 0; g < a->ngroups; g++) {
		write_key(a, fp, &a->groups[g], guard);
		for (size_t m = 0; m < a->nmetrics; m++) {
			fprintf(fp, "%s%s", m ? "," : "",
				vmat_fmt_number(num, a->metrics[g * a->nmetrics + m]));
		}
		putc('\n', fp);
	}
	return ferror(fp) ? VMAT_EIO : VMAT_OK;
}

int
vmat_agg_write_long(const struct vmat_agg *a, FILE *fp, bool guard)
{
	char num[32];
	write_header_by(a, fp);
	fputs("metric,value\n", fp);
	for (size_t g = 0; g < a->ngroups; g++) {
		for (size_t m = 0; m < a->nmetrics; m++) {
			write_key(a, fp, &a->groups[g], guard);
			fprintf(fp, "%s,%s\n", a->metric_names[m],
				vmat_fmt_number(num, a->metrics[g * a->nmetrics + m]));
		}
	}
	return ferror(fp) ? VMAT_EIO : VMAT_OK;
}

int
vmat_agg_write_responses(const struct vmat_agg *a, FILE *fp)
{
	if (!a->rows) {
		return VMAT_EINVAL;
	}
	char num[32];
	fwrite(a->rows_buf, 1, a->header_len - 1, fp);
	fputs(",index_percentile\n", fp);
	for (size_t i = 0; i < a->nrecords; i++) {
		const struct record *r = &a->records[i];
		if (r->counted) {
			fwrite(a->rows_buf + r->row_off, 1, r->row_len, fp);
			fprintf(fp, ",%s\n", vmat_fmt_number(num, isnan(r->index) ? NAN
									    : r->percentile));
		}
	}
	return ferror(fp) ? VMAT_EIO : VMAT_OK;
}
