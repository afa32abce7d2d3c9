/* Grouping scored responses and their statistics: reference §5.
 *
 * Nothing is kept per response (issue 5: a million responses in 64 MiB).
 * Each group key has an accumulator of counts, exact sums (sum.h), value
 * counts for the quantiles (tally.h) and sets of customers and interviewers
 * (idset.h), whose names are numbered by names.h; with --latest, each
 * customer's latest response waits in a table (latest.h) until
 * vmat_agg_finish(). Every piece merges exactly, so that parts aggregated
 * apart (on other threads) and merged in input order give the same bytes
 * as one aggregate. The rows of responses.csv (keep_rows) go to a temporary
 * file once they outgrow ROWS_IN_MEMORY (rowstore.h), and are read back by
 * vmat_agg_write_responses(). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "idset.h"
#include "latest.h"
#include "names.h"
#include "private.h"
#include "rowstore.h"
#include "sum.h"
#include "tally.h"

static const char *const derived_fields[] = { "year", "quarter", "month" };
#define OTHER "(other)"
#define MAX_BY 16	/* --by fields */
#define NONE "(none)"

enum { ROWS_IN_MEMORY = 1 << 20 };	/* bytes of kept rows before they go to a file */
enum { PENDING = 8 };			/* responses not yet counted (struct vmat_agg) */
enum { FULL_KEYS = 1 << 13 };		/* groups of a worker's part before it is merged */

struct quarter {
	long q;			/* year * 4 + quarter - 1 */
	struct sum index;	/* the responses of the quarter with an index */
};

/* What the statistics of one group are made of. */
struct acc {
	size_t responses, ahead;
	size_t *stages;		/* 0..S */
	size_t *blocked;	/* per dimension */
	struct sum index, aspiration, gap, completeness;
	struct sum aspiration2, gap2, completeness2;	/* of the squares, for the
							 * intervals; the index's and
							 * dimensions' come of their tallies */
	struct sum *dims;	/* per dimension */
	struct tally index_values;
	struct tally *dim_values;	/* per dimension */
	struct idset customers, interviewers;
	struct quarter *quarters;	/* sorted by q */
	size_t nquarters, capquarters;
	struct tally behind_values;	/* the release lag (reference §5) */
	size_t supported, supported_n;
};

struct key {
	const char **values;	/* one per --by field, NULL-terminated */
	struct acc *acc;	/* in the arena: not in keys, whose doubling would
				 * leave room for up to as many more (issue 17) */
};

struct vmat_agg {
	const struct vmat_survey *survey;
	struct vmat_report_options opt;
	long *by_field;		/* field index, or -1 - derived index */
	size_t ndims, nstages, nwords;	/* nwords: of blocker bits */
	long q_behind, q_supported;	/* the release lag's questions, or -1 */
	struct arena arena;	/* emptied when a part is merged */
	char *joined;		/* scratch for a key */
	size_t capjoined;

	struct names key_names;	/* "value\x1fvalue\x1f..." (one field: "value"):
				 * parallel to keys */
	struct key *keys;
	size_t capkeys;
	struct names customers, interviewers;
	size_t n;		/* responses added */
	size_t *aspiration;	/* (S + 1) x (S + 1), of the responses that count */

	size_t stride;		/* bytes of an entry */
	/* The last responses added wait to be counted until PENDING more have
	 * come: their customer's table slot, asked of the cache when they came,
	 * is there by then (with 300,000 customers it is a miss, and it was the
	 * largest cost of vmat_agg_add()). Oldest at (n - npending) % PENDING. */
	char *pending;		/* PENDING entries */
	struct waiting {
		char *s;	/* a copy of the customer */
		size_t len, cap;
		uint64_t hash;
	} waiting[PENDING];
	size_t npending;
	struct latest latest;	/* --latest: an entry per customer number */

	/* keep_rows: rows in input order */
	struct vmat_rows *rows;
	struct mem_out line;	/* the row being written */
	struct rowstore kept;
	char *header;

	/* opt.movement: every interview, for each customer's journey (§9) */
	struct vmat_history *history;
	void *hpart;		/* of history: the interviews added here */
	struct movement *movement;	/* per group, made by vmat_agg_finish() */

	/* made by vmat_agg_finish() */
	struct acc other;
	struct acc **group_acc;
	size_t *group_of;	/* per key */
	size_t *counted;	/* --latest: the input order of the rows that count, sorted */
	size_t ncounted;
	struct vmat_group *groups;
	const char **labels;
	size_t ngroups;
	const char **quarters;
	size_t nquarters;
	double *quarter_index;	/* ngroups x nquarters */
	size_t *quarter_customers;	/* opt.movement: the customers behind each */
	const char **metric_names;
	double *metrics;	/* one group's, group_metrics() */
	size_t nmetrics;
};

static bool
acc_init(struct vmat_agg *a, struct acc *acc)
{
	*acc = (struct acc){ 0 };
	acc->stages = arena_calloc(&a->arena, a->nstages + 1, sizeof(*acc->stages));
	acc->blocked = arena_calloc(&a->arena, a->ndims + 1, sizeof(*acc->blocked));
	acc->dims = arena_calloc(&a->arena, a->ndims + 1, sizeof(*acc->dims));
	acc->dim_values = arena_calloc(&a->arena, a->ndims + 1, sizeof(*acc->dim_values));
	return acc->stages && acc->blocked && acc->dims && acc->dim_values;
}

static void
acc_free(struct vmat_agg *a, struct acc *acc)
{
	for (size_t d = 0; acc->dim_values && d < a->ndims; d++) {
		tally_free(&acc->dim_values[d]);
	}
	tally_free(&acc->index_values);
	tally_free(&acc->behind_values);
	idset_free(&acc->customers);
	idset_free(&acc->interviewers);
	free(acc->quarters);
	*acc = (struct acc){ 0 };
}

/* The quarter q of acc, added if missing; NULL when out of memory. */
static struct quarter *
acc_quarter(struct acc *acc, long q)
{
	size_t lo = 0, hi = acc->nquarters;
	if (hi <= 64) {
		/* a few years: counting is cheaper than a search's mispredictions */
		for (size_t i = 0; i < hi; i++) {
			lo += acc->quarters[i].q < q;
		}
		hi = lo;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (acc->quarters[mid].q < q) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (lo < acc->nquarters && acc->quarters[lo].q == q) {
		return &acc->quarters[lo];
	}
	if (!array_grow((void **)&acc->quarters, &acc->capquarters, acc->nquarters,
			sizeof(*acc->quarters), 2)) {
		return NULL;
	}
	memmove(&acc->quarters[lo + 1], &acc->quarters[lo],
		(acc->nquarters - lo) * sizeof(*acc->quarters));
	acc->nquarters++;
	acc->quarters[lo] = (struct quarter){ .q = q };
	return &acc->quarters[lo];
}

/* Adds everything from holds to to; name numbers of from through the maps
 * (NULL: the same numbers). */
static int
acc_merge(struct vmat_agg *a, struct acc *to, const struct acc *from, const size_t *customers,
	  const size_t *interviewers)
{
	to->responses += from->responses;
	to->ahead += from->ahead;
	for (size_t s = 0; s <= a->nstages; s++) {
		to->stages[s] += from->stages[s];
	}
	sum_merge(&to->index, &from->index);
	sum_merge(&to->aspiration, &from->aspiration);
	sum_merge(&to->gap, &from->gap);
	sum_merge(&to->completeness, &from->completeness);
	sum_merge(&to->aspiration2, &from->aspiration2);
	sum_merge(&to->gap2, &from->gap2);
	sum_merge(&to->completeness2, &from->completeness2);
	to->supported += from->supported;
	to->supported_n += from->supported_n;
	bool ok = tally_merge(&to->index_values, &from->index_values, &a->arena) &&
		  tally_merge(&to->behind_values, &from->behind_values, &a->arena) &&
		  idset_merge(&to->customers, &from->customers, customers) &&
		  idset_merge(&to->interviewers, &from->interviewers, interviewers);
	for (size_t d = 0; d < a->ndims; d++) {
		to->blocked[d] += from->blocked[d];
		sum_merge(&to->dims[d], &from->dims[d]);
		ok = ok && tally_merge(&to->dim_values[d], &from->dim_values[d], &a->arena);
	}
	for (size_t i = 0; ok && i < from->nquarters; i++) {
		struct quarter *q = acc_quarter(to, from->quarters[i].q);
		if (q) {
			sum_merge(&q->index, &from->quarters[i].index);
		}
		ok = q != NULL;
	}
	return ok ? VMAT_OK : VMAT_ENOMEM;
}

static uint64_t *
blocker_bits(const struct vmat_agg *a, const struct entry *e)
{
	return (uint64_t *)(e->scores + a->ndims);
}

/* Counts the response of e (customer: its name number) in acc. */
static int
count(struct vmat_agg *a, struct acc *acc, const struct entry *e, size_t customer)
{
	size_t S = a->nstages;
	bool ok = idset_add(&acc->customers, customer) &&
		  (!e->interviewer || idset_add(&acc->interviewers, e->interviewer - 1));
	acc->responses++;
	acc->stages[e->stage]++;
	sum_add(&acc->completeness, e->completeness);
	sum_add(&acc->completeness2, e->completeness * e->completeness);
	if (!isnan(e->index)) {
		sum_add(&acc->index, e->index);
		ok = ok && tally_add(&acc->index_values, tally_key(e->index), 1, &a->arena);
	}
	if (!isnan(e->aspiration)) {
		sum_add(&acc->aspiration, e->aspiration);
		sum_add(&acc->aspiration2, e->aspiration * e->aspiration);
		a->aspiration[(size_t)e->stage * (S + 1) + (size_t)e->aspiration]++;
	}
	if (!isnan(e->gap)) {
		sum_add(&acc->gap, e->gap);
		sum_add(&acc->gap2, e->gap * e->gap);
		acc->ahead += e->gap >= 1;
	}
	if (!isnan(e->behind)) {
		ok = ok && tally_add(&acc->behind_values, tally_key(e->behind), 1, &a->arena);
	}
	if (e->supported >= 0) {
		acc->supported += (size_t)e->supported;
		acc->supported_n++;
	}
	const uint64_t *bits = blocker_bits(a, e);
	for (size_t d = 0; d < a->ndims; d++) {
		acc->blocked[d] += bits[d / 64] >> (d % 64) & 1;
		if (!isnan(e->scores[d])) {
			sum_add(&acc->dims[d], e->scores[d]);
			ok = ok && tally_add(&acc->dim_values[d], tally_key(e->scores[d]), 1, &a->arena);
		}
	}
	if (e->date && a->opt.trend && !a->opt.movement) {
		/* reference §1: quarter "2010-Q2" of a YYYY-MM-DD date */
		struct quarter *q = acc_quarter(acc, e->date / 10000 * 4 + (e->date / 100 % 100 - 1) / 3);
		if (q && !isnan(e->index)) {
			sum_add(&q->index, e->index);
		}
		ok = ok && q != NULL;
	}
	return ok ? VMAT_OK : VMAT_ENOMEM;
}

/* The number of a key ("value\x1fvalue\x1f...", or "value" alone for one
 * field), added if new, with its values (one per --by field); -1 when out
 * of memory. */
static long
find_key(struct vmat_agg *a, const char *joined, const char *const *values)
{
	bool added;
	long n = names_intern_string(&a->key_names, joined, &added);
	if (n < 0 || !added) {
		return n;
	}
	if (!array_reserve((void **)&a->keys, &a->capkeys, (size_t)n, sizeof(*a->keys))) {
		return -1;
	}
	struct key *k = &a->keys[n];
	k->values = arena_calloc(&a->arena, a->opt.nby + 1, sizeof(*k->values));
	k->acc = arena_alloc(&a->arena, sizeof(*k->acc));
	if (!k->values || !k->acc || !acc_init(a, k->acc)) {
		return -1;
	}
	for (size_t i = 0; i < a->opt.nby; i++) {
		k->values[i] = arena_strdup(&a->arena, values[i]);
		if (!k->values[i]) {
			return -1;
		}
	}
	return n;
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
	a->q_behind = survey_question_typed(survey, "releases_behind", VMAT_NUMBER);
	a->q_supported = survey_question_typed(survey, "supported_release", VMAT_YESNO);
	a->nwords = (a->ndims + 63) / 64;
	a->stride = sizeof(struct entry) + a->ndims * sizeof(double) + a->nwords * sizeof(uint64_t);
	latest_init(&a->latest, a->stride);
	a->by_field = calloc(opt->nby + 1, sizeof(*a->by_field));
	a->pending = calloc(PENDING, a->stride);
	a->aspiration = calloc((a->nstages + 1) * (a->nstages + 1), sizeof(*a->aspiration));
	if (!a->by_field || !a->pending || !a->aspiration ||
	    (opt->movement && (vmat_history_create(&a->history, survey) != VMAT_OK ||
			       !(a->hpart = vmat_history_sink.part_create(a->history))))) {
		vmat_agg_destroy(a);
		return VMAT_ENOMEM;
	}
	if (a->history) {
		vmat_history_set_aliases(a->history, opt->aliases);
	}
	int rc = VMAT_OK;
	if (opt->as_of && !is_date(opt->as_of)) {
		char q[96];
		diag_add(diags, VMAT_ERROR, "", 0, 0, "--as-of",
			 "expected a date written YYYY-MM-DD, got %s",
			 quote_value(q, sizeof(q), opt->as_of, strlen(opt->as_of)));
		rc = VMAT_EINVAL;
	}
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
		/* The header is written when the writer is made: kept apart. */
		if (mem_out_open(&a->line) != VMAT_OK ||
		    rowstore_init(&a->kept, a->opt.tmp_dir, ROWS_IN_MEMORY) != VMAT_OK ||
		    vmat_rows_create(&a->rows, a->line.fp, survey, VMAT_FORMAT_CSV, true) != VMAT_OK ||
		    fflush(a->line.fp) != 0 || !(a->header = strndup(a->line.buf, a->line.len - 1))) {
			rc = VMAT_ENOMEM;
		}
		if (a->line.fp) {
			rewind(a->line.fp);
		}
	}
	if (rc != VMAT_OK) {
		vmat_agg_destroy(a);
		return rc;
	}
	*out = a;
	return VMAT_OK;
}

/* Empties a: nothing added, nothing finished; what it was made with stays. */
static void
clear(struct vmat_agg *a)
{
	for (size_t k = 0; k < a->key_names.n; k++) {
		acc_free(a, a->keys[k].acc);
	}
	acc_free(a, &a->other);
	names_clear(&a->key_names);
	names_clear(&a->customers);
	names_clear(&a->interviewers);
	memset(a->aspiration, 0, (a->nstages + 1) * (a->nstages + 1) * sizeof(*a->aspiration));
	a->n = a->npending = 0;
	rowstore_clear(&a->kept);
	arena_reset(&a->arena);
}

void
vmat_agg_destroy(struct vmat_agg *a)
{
	if (!a) {
		return;
	}
	clear(a);
	movement_free(a->movement, a->ngroups);
	if (a->hpart) {
		vmat_history_sink.part_destroy(a->hpart);
	}
	vmat_history_destroy(a->history);
	vmat_rows_destroy(a->rows);
	mem_out_close(&a->line);
	rowstore_finish(&a->kept);
	free(a->header);
	arena_free(&a->arena);
	free(a->by_field);
	free(a->joined);
	free(a->keys);
	names_free(&a->key_names);
	names_free(&a->customers);
	names_free(&a->interviewers);
	free(a->pending);
	for (size_t i = 0; i < PENDING; i++) {
		free(a->waiting[i].s);
	}
	latest_free(&a->latest);
	free(a->aspiration);
	free(a->group_acc);
	free(a->group_of);
	free(a->counted);
	free(a->groups);
	free(a->metrics);
	free(a->quarters);
	free(a->quarter_index);
	free(a->quarter_customers);
	free(a);
}

/* The value of --by field i for response r: a field, or one derived from
 * the date (reference §1: year, quarter "2010-Q2", month "2010-05"). */
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
		snprintf(buf, 24, "%.4s-Q%d", date, (atoi(date + 5) + 2) / 3);
		break;
	default:
		snprintf(buf, 24, "%.7s", date);
		break;
	}
	return buf;
}

static long
add_key(struct vmat_agg *a, const struct vmat_response *r)
{
	size_t len = 0;
	const char *vals[MAX_BY];
	char bufs[MAX_BY][24];
	if (a->opt.nby == 1) {
		vals[0] = key_value(a, 0, r, bufs[0]);
		return find_key(a, vals[0], vals);	/* the value alone is the key */
	}
	for (size_t i = 0; i < a->opt.nby; i++) {
		vals[i] = key_value(a, i, r, bufs[i]);
		len += strlen(vals[i]) + 1;
	}
	if (len + 1 > a->capjoined) {
		free(a->joined);
		a->capjoined = len + 1;
		if (!(a->joined = malloc(a->capjoined))) {
			a->capjoined = 0;
			return -1;
		}
	}
	char *p = a->joined;
	for (size_t i = 0; i < a->opt.nby; i++) {
		size_t n = strlen(vals[i]);
		memcpy(p, vals[i], n);
		p[n] = '\x1f';	/* no field value holds a control char */
		p += n + 1;
	}
	*p = '\0';
	return find_key(a, a->joined, vals);
}

/* YYYYMMDD of a YYYY-MM-DD date (checked when read); 0 for none. */
static int32_t
date_number(const char *date)
{
	if (!date || strlen(date) < 10) {
		return 0;
	}
	int32_t n = 0;
	for (const char *p = date; p < date + 10; p++) {
		n = *p == '-' ? n : n * 10 + (*p - '0');
	}
	return n;
}

static int
keep_row(struct vmat_agg *a, const struct row_head *h, const struct vmat_response *r,
	 const struct vmat_result *res)
{
	if (vmat_rows_write(a->rows, r, res) != VMAT_OK || fflush(a->line.fp) != 0) {
		return VMAT_ENOMEM;
	}
	struct row_head head = *h;
	head.len = (uint32_t)(a->line.len - 1);	/* without its newline */
	int rc = rowstore_put(&a->kept, &head, a->line.buf);
	rewind(a->line.fp);
	return rc;
}

static struct entry *
pending_entry(const struct vmat_agg *a, size_t i)
{
	return (struct entry *)(a->pending + i % PENDING * a->stride);
}

/* Counts the oldest response that waits. */
static int
count_pending(struct vmat_agg *a)
{
	size_t i = (a->n - a->npending) % PENDING;
	const struct waiting *w = &a->waiting[i];
	if (a->npending > 1) {
		names_prefetch_name(&a->customers, a->waiting[(i + 1) % PENDING].hash);
	}
	const struct entry *e = pending_entry(a, i);
	bool added;
	long c = names_intern(&a->customers, w->s, w->len, w->hash, &added);
	if (c < 0) {
		return VMAT_ENOMEM;
	}
	a->npending--;
	return a->opt.latest ? latest_put(&a->latest, (size_t)c, added, e)
			     : count(a, a->keys[e->key].acc, e, (size_t)c);
}

static int
count_all_pending(struct vmat_agg *a)
{
	int rc = VMAT_OK;
	while (rc == VMAT_OK && a->npending) {
		rc = count_pending(a);
	}
	return rc;
}

/* Whether question q (-1: none) is answered and shown in r. */
static bool
answered(long q, const struct vmat_response *r, const struct vmat_result *res)
{
	return q >= 0 && res->visible[q] && r->answers[q].state == VMAT_ANSWERED;
}

int
vmat_agg_add(struct vmat_agg *a, const struct vmat_response *r, const struct vmat_result *res)
{
	int rc = a->npending == PENDING ? count_pending(a) : VMAT_OK;
	/* reference §2: the customer is required; the interviewer counts when not
	 * empty. Customers are told apart by their keys (reference §9): the
	 * customer_id, or the name folded. */
	char customer[CUSTOMER_KEY_MAX];
	const char *interviewer = r->fields[4], *cid = r->fields[8];
	if (cid) {
		snprintf(customer, sizeof(customer), "id:%s", cid);
	} else {
		customer_key(customer, sizeof(customer), r->fields[1] ? r->fields[1] : "");
		const char *to = aliases_find(a->opt.aliases, customer);
		if (to) {
			snprintf(customer, sizeof(customer), "%s", to);
		}
	}
	bool iadded, has_interviewer = interviewer && *interviewer;
	struct waiting *w = &a->waiting[a->n % PENDING];
	w->len = strlen(customer);
	w->hash = hash_bytes(customer, w->len);
	names_prefetch(&a->customers, w->hash);
	if (w->len + 1 > w->cap) {
		free(w->s);
		w->cap = w->len + 1 > 64 ? w->len + 1 : 64;
		if (!(w->s = malloc(w->cap))) {
			w->cap = 0;
			return VMAT_ENOMEM;
		}
	}
	memcpy(w->s, customer, w->len + 1);
	long key = add_key(a, r);
	long i = has_interviewer
			 ? names_intern_string(&a->interviewers, interviewer, &iadded)
			 : -1;
	if (rc != VMAT_OK || key < 0 || (has_interviewer && i < 0)) {
		return rc != VMAT_OK ? rc : VMAT_ENOMEM;
	}
	if (!a->opt.latest && !isnan(res->index)) {
		tally_prefetch(&a->keys[key].acc->index_values, tally_key(res->index));
	}
	struct entry *e = pending_entry(a, a->n);
	*e = (struct entry){
		.seq = a->n,
		.key = (uint32_t)key,
		.interviewer = (uint32_t)(i + 1),
		.date = date_number(r->fields[3]),
		.stage = res->stage,
		.index = res->index,
		.aspiration = res->aspiration,
		.gap = res->gap,
		.completeness = res->completeness,
		.behind = answered(a->q_behind, r, res) ? r->answers[a->q_behind].number : NAN,
		.supported = answered(a->q_supported, r, res)
				     ? (signed char)(r->answers[a->q_supported].number != 0)
				     : -1,
	};
	memcpy(e->scores, res->scores, a->ndims * sizeof(*e->scores));
	uint64_t *bits = blocker_bits(a, e);
	memset(bits, 0, a->nwords * sizeof(*bits));
	for (size_t b = 0; b < res->nblockers; b++) {
		size_t d = res->blockers[b].dimension;
		bits[d / 64] |= (uint64_t)1 << (d % 64);
	}
	a->npending++;
	a->n++;
	if (a->rows) {
		rc = keep_row(a, &(struct row_head){ .index = res->index, .key = (uint32_t)key }, r,
			      res);
	}
	if (rc == VMAT_OK && a->hpart) {
		rc = history_add(a->hpart, r, res, name_of(&a->key_names, (size_t)key));
	}
	return rc;
}

struct merging {
	struct vmat_agg *to;
	const size_t *keys;	/* part key -> key of to */
};

static int
merge_row(void *ctx, const struct row_head *h, const char *row)
{
	struct merging *m = ctx;
	struct row_head head = *h;
	head.key = (uint32_t)m->keys[h->key];
	return rowstore_put(&m->to->kept, &head, row);
}

int
vmat_agg_merge(struct vmat_agg *a, struct vmat_agg *part)
{
	int rc = a->history ? vmat_history_sink.part_merge(a->history, part->hpart) : VMAT_OK;
	rc = rc != VMAT_OK ? rc : count_all_pending(a);
	if (rc != VMAT_OK || (rc = count_all_pending(part)) != VMAT_OK) {
		return rc;
	}
	if (a->n == 0 && !a->rows) {
		/* Nothing to merge into (as with a worker's whole share, first):
		 * part's state becomes a's, a's empty one part's. Not with kept
		 * rows, whose streams point into the struct. Each keeps its
		 * history, into which part's interviews went already. */
		struct vmat_agg t = *a;
		*a = *part;
		*part = t;
		part->history = a->history;
		part->hpart = a->hpart;
		a->history = t.history;
		a->hpart = t.hpart;
		return VMAT_OK;
	}
	size_t ncustomers = a->customers.n;
	size_t *keys = malloc((part->key_names.n + 1) * sizeof(*keys));
	size_t *customers = names_map(&a->customers, &part->customers);
	size_t *interviewers = names_map(&a->interviewers, &part->interviewers);
	rc = keys && customers && interviewers ? VMAT_OK : VMAT_ENOMEM;
	for (size_t k = 0; k < part->key_names.n && rc == VMAT_OK; k++) {
		const struct key *pk = &part->keys[k];
		long n = find_key(a, name_of(&part->key_names, k), pk->values);
		keys[k] = (size_t)n;
		if (n < 0) {
			rc = VMAT_ENOMEM;
		} else if (!a->opt.latest) {
			rc = acc_merge(a, a->keys[n].acc, pk->acc, customers, interviewers);
		}
	}
	size_t cells = (a->nstages + 1) * (a->nstages + 1);
	for (size_t i = 0; i < cells; i++) {
		a->aspiration[i] += part->aspiration[i];
	}
	for (size_t c = 0; c < part->customers.n && a->opt.latest && rc == VMAT_OK; c++) {
		struct entry *e = latest_entry(&part->latest, c);
		e->seq += a->n;
		e->key = (uint32_t)keys[e->key];
		e->interviewer = e->interviewer ? (uint32_t)interviewers[e->interviewer - 1] + 1 : 0;
		rc = latest_put(&a->latest, customers[c], customers[c] >= ncustomers, e);
	}
	if (rc == VMAT_OK && a->rows) {
		rc = rowstore_settle(&part->kept);
	}
	if (rc == VMAT_OK && a->rows) {
		rc = rowstore_each(&part->kept, merge_row, &(struct merging){ a, keys });
	}
	a->n += part->n;
	free(keys);
	free(customers);
	free(interviewers);
	clear(part);
	return rc;
}

/* vmat_agg_sink: each part is an aggregate of its own. */
static void *
agg_part_create(void *ctx)
{
	const struct vmat_agg *a = ctx;
	struct vmat_agg *part;
	return vmat_agg_create(&part, a->survey, &a->opt, NULL) == VMAT_OK ? part : NULL;
}

static int
agg_part_add(void *part, const struct vmat_response *r, const struct vmat_result *res)
{
	return vmat_agg_add(part, r, res);
}

static int
agg_part_merge(void *ctx, void *part)
{
	return vmat_agg_merge(ctx, part);
}

static void
agg_part_destroy(void *part)
{
	vmat_agg_destroy(part);
}

/* Counts, exact sums, value counts and sets do not depend on the order of
 * the merges; kept rows and --latest's ties do. */
static bool
agg_any_order(void *ctx)
{
	const struct vmat_agg *a = ctx;
	return !a->opt.keep_rows && !a->opt.latest;
}

/* A worker's part of many groups (by customer) is merged as it grows, so
 * that the groups are not kept once per thread (issue 17); a few thousand
 * groups make the merge cheap next to the rows that made them. */
static bool
agg_part_full(void *part)
{
	const struct vmat_agg *a = part;
	return a->key_names.n >= FULL_KEYS;
}

const struct vmat_sink vmat_agg_sink = {
	.part_create = agg_part_create,
	.part_full = agg_part_full,
	.part_add = agg_part_add,
	.part_merge = agg_part_merge,
	.part_destroy = agg_part_destroy,
	.any_order = agg_any_order,
};

/* reference §5: groups sorted by their key values in byte order. */
static int
cmp_key(const void *x, const void *y)
{
	const char *const *a = ((const struct key *const *)x)[0]->values;
	const char *const *b = ((const struct key *const *)y)[0]->values;
	for (; *a; a++, b++) {
		int c = strcmp(*a, *b);
		if (c) {
			return c;
		}
	}
	return 0;
}


/* The statistics of one group from its accumulator. The index values stay,
 * sorted, for index_percentile; those of the dimensions are freed. */
static int
group_stats(struct vmat_agg *a, struct vmat_group *g, struct acc *acc)
{
	double *dmean = arena_calloc(&a->arena, a->ndims + 1, sizeof(*dmean));
	double *dmedian = arena_calloc(&a->arena, a->ndims + 1, sizeof(*dmedian));
	double *dci = arena_calloc(&a->arena, 2 * a->ndims + 1, sizeof(*dci));
	size_t *dn = arena_calloc(&a->arena, a->ndims + 1, sizeof(*dn));
	if (!dmean || !dmedian || !dci || !dn) {
		return VMAT_ENOMEM;
	}
	g->responses = acc->responses;
	g->customers = acc->customers.len;
	g->interviewers = acc->interviewers.len;
	g->stages = acc->stages;
	g->blocked = acc->blocked;
	tally_sort(&acc->index_values);
	g->index_n = acc->index.n;
	g->index_mean = sum_mean(&acc->index);
	stats_mean_interval(g->index_mean, tally_variance(&acc->index_values, g->index_mean),
			    g->index_n, &g->index_mean_ci[0], &g->index_mean_ci[1]);
	g->index_p25 = tally_quantile(&acc->index_values, 0.25);
	g->index_median = tally_quantile(&acc->index_values, 0.5);
	g->index_p75 = tally_quantile(&acc->index_values, 0.75);
	g->aspiration_n = acc->aspiration.n;
	g->aspiration_mean = sum_mean(&acc->aspiration);
	stats_mean_interval(g->aspiration_mean, sum_variance(&acc->aspiration, &acc->aspiration2),
			    g->aspiration_n, &g->aspiration_mean_ci[0], &g->aspiration_mean_ci[1]);
	g->gap_n = acc->gap.n;
	g->gap_mean = sum_mean(&acc->gap);
	stats_mean_interval(g->gap_mean, sum_variance(&acc->gap, &acc->gap2), g->gap_n,
			    &g->gap_mean_ci[0], &g->gap_mean_ci[1]);
	g->mindset_ahead_share = acc->gap.n ? (double)acc->ahead / (double)acc->gap.n : NAN;
	stats_wilson(acc->ahead, acc->gap.n, &g->mindset_ahead_share_ci[0],
		     &g->mindset_ahead_share_ci[1]);
	g->completeness_mean = sum_mean(&acc->completeness);
	stats_mean_interval(g->completeness_mean,
			    sum_variance(&acc->completeness, &acc->completeness2),
			    acc->completeness.n, &g->completeness_mean_ci[0],
			    &g->completeness_mean_ci[1]);
	tally_sort(&acc->behind_values);
	g->releases_behind_n = tally_count(&acc->behind_values);
	g->releases_behind_median = tally_quantile(&acc->behind_values, 0.5);
	tally_free(&acc->behind_values);
	g->supported_release_n = acc->supported_n;
	g->supported_release_share =
		acc->supported_n ? (double)acc->supported / (double)acc->supported_n : NAN;
	stats_wilson(acc->supported, acc->supported_n, &g->supported_release_share_ci[0],
		     &g->supported_release_share_ci[1]);
	for (size_t d = 0; d < a->ndims; d++) {
		tally_sort(&acc->dim_values[d]);
		dn[d] = acc->dims[d].n;
		dmean[d] = sum_mean(&acc->dims[d]);
		stats_mean_interval(dmean[d], tally_variance(&acc->dim_values[d], dmean[d]), dn[d],
				    &dci[2 * d], &dci[2 * d + 1]);
		dmedian[d] = tally_quantile(&acc->dim_values[d], 0.5);
		tally_free(&acc->dim_values[d]);
	}
	idset_free(&acc->customers);
	idset_free(&acc->interviewers);
	g->dim_n = dn;
	g->dim_mean = dmean;
	g->dim_median = dmedian;
	g->dim_mean_ci = dci;
	return VMAT_OK;
}

static int
cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return (a > b) - (a < b);
}

/* --latest: each customer's latest response is counted now, and the rows
 * that count are known by their input order. */
static int
count_latest(struct vmat_agg *a)
{
	if (a->rows && !(a->counted = malloc((a->customers.n + 1) * sizeof(*a->counted)))) {
		return VMAT_ENOMEM;
	}
	int rc = VMAT_OK;
	for (size_t c = 0; c < a->customers.n && rc == VMAT_OK; c++) {
		const struct entry *e = latest_entry(&a->latest, c);
		rc = count(a, a->keys[e->key].acc, e, c);
		if (a->counted) {
			a->counted[a->ncounted++] = e->seq;
		}
	}
	if (a->counted) {
		qsort(a->counted, a->ncounted, sizeof(*a->counted), cmp_size);
	}
	latest_free(&a->latest);
	return rc;
}

/* The statistics of the summary, in reference §5 order: a walk over them
 * either names them (g NULL, names set) or gives group g's values. One walk
 * for both, so that names and values cannot part. */
struct metrics {
	const struct vmat_agg *a;
	struct arena *arena;	/* naming: where the names are made */
	const char **names;	/* naming: a->nmetrics of them */
	double *values;		/* or a group's values; neither: counting */
	size_t n;
};

static void
metric(struct metrics *m, const char *prefix, const char *name, double v)
{
	if (m->names) {
		m->names[m->n] = prefix && name ? arena_printf(m->arena, "%s_%s", prefix, name) : name;
	} else if (m->values) {
		m->values[m->n] = v;
	}
	m->n++;
}

/* name, then its 95% interval: name_ci_low, name_ci_high */
static void
metric_ci(struct metrics *m, const char *prefix, const char *name, double v, const double *ci)
{
	metric(m, prefix, name, v);
	bool naming = m->names != NULL;
	/* out of memory: a NULL name, which make_metrics() sees */
	const char *low = naming ? arena_printf(m->arena, "%s_ci_low", name) : NULL;
	const char *high = naming ? arena_printf(m->arena, "%s_ci_high", name) : NULL;
	metric(m, prefix, low, ci ? ci[0] : NAN);
	metric(m, prefix, high, ci ? ci[1] : NAN);
}

static void
walk_metrics(struct metrics *m, const struct vmat_group *g)
{
	const struct vmat_agg *a = m->a;
	size_t nd;
	const struct vmat_dimension *dims = vmat_survey_dimensions(a->survey, &nd);
#define G(x) (g ? (double)(x) : NAN)
	metric(m, NULL, "responses", G(g->responses));
	metric(m, NULL, "customers", G(g->customers));
	metric(m, NULL, "interviewers", G(g->interviewers));
	for (size_t s = 0; s <= a->nstages; s++) {
		metric(m, NULL, m->names ? arena_printf(m->arena, "stage%zu", s) : NULL,
		       G(g->stages[s]));
	}
	metric(m, NULL, "index_n", G(g->index_n));
	metric_ci(m, NULL, "index_mean", G(g->index_mean), g ? g->index_mean_ci : NULL);
	metric(m, NULL, "index_p25", G(g->index_p25));
	metric(m, NULL, "index_median", G(g->index_median));
	metric(m, NULL, "index_p75", G(g->index_p75));
	metric(m, NULL, "aspiration_n", G(g->aspiration_n));
	metric_ci(m, NULL, "aspiration_mean", G(g->aspiration_mean),
		  g ? g->aspiration_mean_ci : NULL);
	metric(m, NULL, "gap_n", G(g->gap_n));
	metric_ci(m, NULL, "gap_mean", G(g->gap_mean), g ? g->gap_mean_ci : NULL);
	metric_ci(m, NULL, "mindset_ahead_share", G(g->mindset_ahead_share),
		  g ? g->mindset_ahead_share_ci : NULL);
	metric_ci(m, NULL, "completeness_mean", G(g->completeness_mean),
		  g ? g->completeness_mean_ci : NULL);
	for (size_t d = 0; d < nd; d++) {
		metric(m, dims[d].id, "n", G(g->dim_n[d]));
		metric_ci(m, dims[d].id, "mean", G(g->dim_mean[d]), g ? &g->dim_mean_ci[2 * d] : NULL);
		metric(m, dims[d].id, "median", G(g->dim_median[d]));
	}
	if (a->q_behind >= 0) {
		metric(m, NULL, "releases_behind_n", G(g->releases_behind_n));
		metric(m, NULL, "releases_behind_median", G(g->releases_behind_median));
	}
	if (a->q_supported >= 0) {
		metric(m, NULL, "supported_release_n", G(g->supported_release_n));
		metric_ci(m, NULL, "supported_release_share", G(g->supported_release_share),
			  g ? g->supported_release_share_ci : NULL);
	}
#undef G
}

/* The statistics' names, for both CSV shapes; their values are made a
 * group at a time (group_metrics()). */
static int
make_metrics(struct vmat_agg *a)
{
	struct metrics m = { .a = a, .arena = &a->arena };
	walk_metrics(&m, NULL);	/* counting */
	a->nmetrics = m.n;
	a->metric_names = arena_calloc(&a->arena, a->nmetrics, sizeof(*a->metric_names));
	a->metrics = calloc(a->nmetrics + 1, sizeof(*a->metrics));
	if (!a->metric_names || !a->metrics) {
		return VMAT_ENOMEM;
	}
	m.names = a->metric_names;
	m.n = 0;
	walk_metrics(&m, NULL);
	for (size_t i = 0; i < a->nmetrics; i++) {
		if (!a->metric_names[i]) {
			return VMAT_ENOMEM;
		}
	}
	return VMAT_OK;
}

static int
cmp_long(const void *x, const void *y)
{
	long a = *(const long *)x, b = *(const long *)y;
	return (a > b) - (a < b);
}

/* What the charts show besides the statistics: group labels and the mean
 * index per group and quarter (the aspiration counts are made as
 * responses are counted). */
static int
make_views(struct vmat_agg *a)
{
	a->labels = arena_calloc(&a->arena, a->ngroups + 1, sizeof(*a->labels));
	if (!a->labels) {
		return VMAT_ENOMEM;
	}
	size_t nq = 0;
	for (size_t g = 0; g < a->ngroups; g++) {
		size_t len = 1;
		for (size_t i = 0; i < a->opt.nby; i++) {
			len += strlen(a->groups[g].key[i]) + 3;
		}
		if (a->opt.nby == 1) {
			a->labels[g] = a->groups[g].key[0];	/* nothing to join */
			nq += a->group_acc[g]->nquarters;
			continue;
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
		nq += a->group_acc[g]->nquarters;
	}
	/* The quarters of every group, sorted, each once. */
	long *qs = calloc(nq + 1, sizeof(*qs));
	if (!qs) {
		return VMAT_ENOMEM;
	}
	nq = 0;
	for (size_t g = 0; g < a->ngroups; g++) {
		for (size_t i = 0; i < a->group_acc[g]->nquarters; i++) {
			qs[nq++] = a->group_acc[g]->quarters[i].q;
		}
	}
	qsort(qs, nq, sizeof(*qs), cmp_long);
	a->quarters = calloc(nq + 1, sizeof(*a->quarters));
	int rc = a->quarters ? VMAT_OK : VMAT_ENOMEM;
	for (size_t i = 0; i < nq && rc == VMAT_OK; i++) {
		if (i == 0 || qs[i] != qs[i - 1]) {
			qs[a->nquarters] = qs[i];
			a->quarters[a->nquarters] =
				arena_printf(&a->arena, "%04ld-Q%ld", qs[i] / 4, qs[i] % 4 + 1);
			rc = a->quarters[a->nquarters++] ? VMAT_OK : VMAT_ENOMEM;
		}
	}
	a->quarter_index = calloc(a->ngroups * a->nquarters + 1, sizeof(*a->quarter_index));
	if (rc == VMAT_OK && !a->quarter_index) {
		rc = VMAT_ENOMEM;
	}
	for (size_t g = 0; g < a->ngroups && rc == VMAT_OK; g++) {
		const struct acc *acc = a->group_acc[g];
		for (size_t q = 0, i = 0; q < a->nquarters; q++) {
			bool here = i < acc->nquarters && acc->quarters[i].q == qs[q];
			a->quarter_index[g * a->nquarters + q] =
				here ? sum_mean(&acc->quarters[i++].index) : NAN;
		}
	}
	free(qs);
	return rc;
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

size_t
vmat_agg_quarter_customers(const struct vmat_agg *a, size_t g, size_t q)
{
	return a->quarter_customers ? a->quarter_customers[g * a->nquarters + q] : 0;
}

size_t
vmat_agg_min_n(const struct vmat_agg *a)
{
	return a->opt.min_n;
}

const char *
vmat_agg_group_label(const struct vmat_agg *a, size_t g)
{
	return a->labels[g];
}

static size_t group_of_key(void *ctx, const char *key);

/* With the customers' journeys at hand, the trend is the state of each
 * group at each quarter's end (reference §9), every quarter kept, rather
 * than the mean of whoever was interviewed that quarter. */
static int
trend_as_of(struct vmat_agg *a)
{
	struct snapshots s;
	int rc = history_snapshots(a->history, group_of_key, a, a->ngroups, &s);
	double *index = rc == VMAT_OK ? calloc(a->ngroups * s.n + 1, sizeof(*index)) : NULL;
	const char **quarters = rc == VMAT_OK ? calloc(s.n + 1, sizeof(*quarters)) : NULL;
	size_t *customers = rc == VMAT_OK ? calloc(a->ngroups * s.n + 1, sizeof(size_t)) : NULL;
	rc = index && quarters && customers ? VMAT_OK : VMAT_ENOMEM;
	for (size_t q = 0; q < s.n && rc == VMAT_OK; q++) {
		long k = s.first + (long)q;
		quarters[q] = arena_printf(&a->arena, "%04ld-Q%ld", k / 4, k % 4 + 1);
		rc = quarters[q] ? VMAT_OK : VMAT_ENOMEM;
	}
	if (rc == VMAT_OK && s.n) {	/* none without interviews: no copy from NULL */
		memcpy(index, s.mean, a->ngroups * s.n * sizeof(*index));
		memcpy(customers, s.customers, a->ngroups * s.n * sizeof(size_t));
	}
	if (rc == VMAT_OK) {
		free(a->quarters);
		free(a->quarter_index);
		free(a->quarter_customers);
		a->quarters = quarters;
		a->quarter_index = index;
		a->quarter_customers = customers;
		a->nquarters = s.n;
	} else {
		free(index);
		free(quarters);
		free(customers);
	}
	snapshots_free(&s);
	return rc;
}

/* The group of a key the history gives back (every key was added). */
static size_t
group_of_key(void *ctx, const char *key)
{
	struct vmat_agg *a = ctx;
	bool added;
	long k = names_intern_string(&a->key_names, key, &added);
	/* a key none of whose responses count (--latest) is in no group, not in
	 * (other), which holds the small groups' responses */
	return k < 0 || added || a->keys[k].acc->responses == 0 ? a->ngroups : a->group_of[k];
}

int
vmat_agg_finish(struct vmat_agg *a)
{
	int rc = count_all_pending(a);
	if (rc == VMAT_OK && a->opt.latest) {
		rc = count_latest(a);
	}
	struct key **order = calloc(a->key_names.n + 1, sizeof(*order));
	a->group_of = calloc(a->key_names.n + 1, sizeof(*a->group_of));
	a->group_acc = calloc(a->key_names.n + 2, sizeof(*a->group_acc));
	if (rc == VMAT_OK && (!order || !a->group_of || !a->group_acc || !acc_init(a, &a->other))) {
		rc = VMAT_ENOMEM;
	}
	/* --min-group: small groups fold into one "(other)", listed last. */
	size_t nkept = 0;
	for (size_t k = 0; k < a->key_names.n && rc == VMAT_OK; k++) {
		struct acc *acc = a->keys[k].acc;
		if (acc->responses >= a->opt.min_group && acc->responses) {
			order[nkept++] = &a->keys[k];
		} else if (acc->responses) {
			rc = acc_merge(a, &a->other, acc, NULL, NULL);
		}
	}
	if (rc == VMAT_OK) {
		qsort(order, nkept, sizeof(*order), cmp_key);
		a->ngroups = nkept + (a->other.responses > 0);
		a->groups = calloc(a->ngroups + 1, sizeof(*a->groups));
		rc = a->groups ? VMAT_OK : VMAT_ENOMEM;
	}
	for (size_t k = 0; k < a->key_names.n && rc == VMAT_OK; k++) {
		a->group_of[k] = nkept;	/* "(other)", or no response counts */
	}
	for (size_t g = 0; g < nkept && rc == VMAT_OK; g++) {
		a->groups[g].key = order[g]->values;
		a->group_acc[g] = order[g]->acc;
		a->group_of[order[g] - a->keys] = g;
	}
	if (rc == VMAT_OK && a->other.responses) {
		const char **key = arena_calloc(&a->arena, a->opt.nby + 1, sizeof(*key));
		if (!key) {
			rc = VMAT_ENOMEM;
		}
		for (size_t i = 0; key && i < a->opt.nby; i++) {
			key[i] = OTHER;
		}
		a->groups[nkept].key = key;
		a->group_acc[nkept] = &a->other;
	}
	for (size_t g = 0; g < a->ngroups && rc == VMAT_OK; g++) {
		rc = group_stats(a, &a->groups[g], a->group_acc[g]);
	}
	if (rc == VMAT_OK) {
		rc = make_metrics(a);
	}
	if (rc == VMAT_OK) {
		rc = make_views(a);
	}
	if (rc == VMAT_OK) {
		rc = a->rows ? rowstore_settle(&a->kept) : VMAT_OK;
	}
	if (rc == VMAT_OK && a->history) {
		rc = vmat_history_sink.part_merge(a->history, a->hpart);
		a->movement = calloc(a->ngroups + 1, sizeof(*a->movement));
		rc = rc != VMAT_OK || !a->movement
			     ? VMAT_ENOMEM
			     : history_movement(a->history, group_of_key, a, a->ngroups,
						a->nstages + 1,
						&(struct movement_options){
							.as_of = a->opt.as_of,
							.stale_after = a->opt.stale_after > 0
									       ? a->opt.stale_after
									       : INFINITY,
							.skills = survey_dimension_id(a->survey,
										      "skills") },
						a->movement);
	}
	if (rc == VMAT_OK && a->history) {
		rc = trend_as_of(a);
	}
	free(order);
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

/* Group g's statistics into a->metrics, in the order of their names. Made
 * as each row is written: a table of them all would cost 200 bytes a group
 * more at the peak (issue 17). */
static const double *
group_metrics(const struct vmat_agg *a, size_t g)
{
	struct metrics m = { .a = a, .values = a->metrics };
	walk_metrics(&m, &a->groups[g]);
	return a->metrics;
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
		const double *v = group_metrics(a, g);
		for (size_t m = 0; m < a->nmetrics; m++) {
			fprintf(fp, "%s%s", m ? "," : "", vmat_fmt_number(num, v[m]));
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
		const double *v = group_metrics(a, g);
		for (size_t m = 0; m < a->nmetrics; m++) {
			write_key(a, fp, &a->groups[g], guard);
			fprintf(fp, "%s,%s\n", a->metric_names[m], vmat_fmt_number(num, v[m]));
		}
	}
	return ferror(fp) ? VMAT_EIO : VMAT_OK;
}

struct writing {
	const struct vmat_agg *a;
	FILE *fp;
	size_t seq, next;	/* of this row; into a->counted */
};

static int
write_row(void *ctx, const struct row_head *h, const char *row)
{
	struct writing *w = ctx;
	const struct vmat_agg *a = w->a;
	size_t seq = w->seq++;
	if (a->opt.latest) {
		if (w->next == a->ncounted || a->counted[w->next] != seq) {
			return VMAT_OK;
		}
		w->next++;
	}
	const struct tally *values = &a->group_acc[a->group_of[h->key]]->index_values;
	double pct = isnan(h->index) ? NAN
				     : 100.0 * (double)tally_at_or_below(values, h->index) /
					       (double)tally_count(values);
	char num[32];
	fwrite(row, 1, h->len, w->fp);
	fprintf(w->fp, ",%s\n", vmat_fmt_number(num, pct));
	return ferror(w->fp) ? VMAT_EIO : VMAT_OK;
}

int
vmat_agg_write_responses(const struct vmat_agg *a, FILE *fp)
{
	if (!a->rows) {
		return VMAT_EINVAL;
	}
	fprintf(fp, "%s,index_percentile\n", a->header);
	int rc = rowstore_each(&a->kept, write_row, &(struct writing){ .a = a, .fp = fp });
	return rc == VMAT_OK && ferror(fp) ? VMAT_EIO : rc;
}

int
vmat_agg_write_movement(const struct vmat_agg *a, FILE *fp, bool guard)
{
	char b1[32], b2[32];
	write_header_by(a, fp);
	fputs("customers_reinterviewed,moved_up,unchanged,moved_down,median_months_between,"
	      "median_months_at_stage\n",
	      fp);
	for (size_t g = 0; a->movement && g < a->ngroups; g++) {
		const struct movement *m = &a->movement[g];
		write_key(a, fp, &a->groups[g], guard);
		fprintf(fp, "%zu,%zu,%zu,%zu,%s,%s\n", m->reinterviewed, m->up, m->unchanged, m->down,
			vmat_fmt_number(b1, m->median_months_between),
			vmat_fmt_number(b2, m->median_months_at_stage));
	}
	return fflush(fp) != 0 || ferror(fp) ? VMAT_EIO : VMAT_OK;
}

int
vmat_agg_write_transitions(const struct vmat_agg *a, FILE *fp, bool guard)
{
	size_t S = a->nstages + 1;
	write_header_by(a, fp);
	fputs("from_stage,to_stage,customers\n", fp);
	for (size_t g = 0; a->movement && g < a->ngroups; g++) {
		for (size_t t = 0; t < S * S; t++) {
			if (a->movement[g].transitions[t]) {
				write_key(a, fp, &a->groups[g], guard);
				fprintf(fp, "%zu,%zu,%zu\n", t / S, t % S,
					a->movement[g].transitions[t]);
			}
		}
	}
	return fflush(fp) != 0 || ferror(fp) ? VMAT_EIO : VMAT_OK;
}

int
vmat_agg_write_stale(const struct vmat_agg *a, FILE *fp, bool guard)
{
	char b1[32], b2[32];
	write_header_by(a, fp);
	fputs("interviewer,customer,last_interview,months_since,stage,stage_id\n", fp);
	for (size_t g = 0; a->movement && g < a->ngroups; g++) {
		const struct movement_customers *l = &a->movement[g].stale;
		for (size_t i = 0; i < l->n; i++) {
			const struct movement_customer *c = &l->items[i];
			write_key(a, fp, &a->groups[g], guard);
			if (c->interviewer) {
				vmat_csv_cell(fp, c->interviewer, strlen(c->interviewer), guard);
			}
			putc(',', fp);
			vmat_csv_cell(fp, c->customer, strlen(c->customer), guard);
			fprintf(fp, ",%s,%s,%s,", c->date, vmat_fmt_number(b1, c->months),
				vmat_fmt_number(b2, c->stage));
			const char *id = vmat_survey_stage_id(a->survey, c->stage);
			vmat_csv_cell(fp, id, strlen(id), guard);
			putc('\n', fp);
		}
	}
	return fflush(fp) != 0 || ferror(fp) ? VMAT_EIO : VMAT_OK;
}

int
vmat_agg_write_ahead(const struct vmat_agg *a, FILE *fp, bool guard)
{
	char b1[32], b2[32], b3[32], b4[32];
	long q = survey_question_typed(a->survey, "partner_access", VMAT_CHOICE);
	size_t nq;
	const struct vmat_question *qs = vmat_survey_questions(a->survey, &nq);
	write_header_by(a, fp);
	fputs("customer,interviewer,last_interview,stage,aspiration,gap,skills,partner_access\n",
	      fp);
	for (size_t g = 0; a->movement && g < a->ngroups; g++) {
		const struct movement_customers *l = &a->movement[g].latest;
		for (size_t i = 0; i < l->n; i++) {
			const struct movement_customer *c = &l->items[i];
			if (!(c->gap >= 2)) {
				continue;
			}
			write_key(a, fp, &a->groups[g], guard);
			if (a->opt.names) {
				vmat_csv_cell(fp, c->customer, strlen(c->customer), guard);
				putc(',', fp);
				if (c->interviewer) {
					vmat_csv_cell(fp, c->interviewer, strlen(c->interviewer),
						      guard);
				}
				fprintf(fp, ",%s", c->date);
			} else {
				fputs(",,", fp);
			}
			fprintf(fp, ",%s,%s,%s,%s,", vmat_fmt_number(b1, c->stage),
				vmat_fmt_number(b2, c->aspiration), vmat_fmt_number(b3, c->gap),
				vmat_fmt_number(b4, c->skills));
			if (q >= 0 && c->partner >= 0) {
				const char *id = qs[q].choices[c->partner].id;
				vmat_csv_cell(fp, id, strlen(id), guard);
			}
			putc('\n', fp);
		}
	}
	return fflush(fp) != 0 || ferror(fp) ? VMAT_EIO : VMAT_OK;
}

int
vmat_agg_write_trend(const struct vmat_agg *a, FILE *fp, bool guard)
{
	char num[32];
	write_header_by(a, fp);
	fputs("quarter,customers,index_mean\n", fp);
	for (size_t g = 0; g < a->ngroups; g++) {
		for (size_t q = 0; q < a->nquarters; q++) {
			write_key(a, fp, &a->groups[g], guard);
			fprintf(fp, "%s,%zu,%s\n", a->quarters[q], vmat_agg_quarter_customers(a, g, q),
				vmat_fmt_number(num, vmat_agg_quarter_index(a, g, q)));
		}
	}
	return fflush(fp) != 0 || ferror(fp) ? VMAT_EIO : VMAT_OK;
}

int
vmat_agg_warnings(const struct vmat_agg *a, struct vmat_diags *diags)
{
	return a->history ? history_doubts(a->history, diags) : VMAT_OK;
}

const struct vmat_report_options *
agg_options(const struct vmat_agg *a)
{
	return &a->opt;
}

const struct vmat_history *
agg_history(const struct vmat_agg *a)
{
	return a->history;
}

size_t
agg_group_of(struct vmat_agg *a, const char *key)
{
	return group_of_key(a, key);
}

const struct movement *
agg_movement(const struct vmat_agg *a, size_t g)
{
	return a->movement && g < a->ngroups ? &a->movement[g] : NULL;
}
