/* Peers (reference §9): customers at the same point of the journey, in
 * meetings of a few, so that a quarterly customer-only meeting talks about
 * what they all face rather than about the newest features.
 *
 * In each group of the report, each customer counts by its latest
 * interview: its stage and the blocker with the largest shortfall. The
 * customers of one stage and one top blocker make meetings of at most
 * `size`, as even as can be, in the order of their platform currency (the
 * `currency` dimension's score, when the survey has one: the releases
 * behind) and then of their names; those alone with their blocker meet the
 * others of their stage alone with theirs ("mixed"). A meeting may hold one
 * more than `size` rather than leave a customer alone. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

enum { DEFAULT_SIZE = 5 };

struct member {
	const struct customer_latest *c;
	size_t group;
	double currency;	/* the `currency` dimension's score, NAN: none */
};

struct peers {
	const struct vmat_survey *survey;
	const struct vmat_dimension *dims;
	size_t ndims;
	long currency;		/* the `currency` dimension, or -1 */
};

/* By currency (none last), then name: pointers to members. */
static int
by_currency(const void *pa, const void *pb)
{
	const struct member *a = *(const struct member *const *)pa;
	const struct member *b = *(const struct member *const *)pb;
	double x = a->currency, y = b->currency;
	if (x != y && !(isnan(x) && isnan(y))) {
		return isnan(x) ? 1 : isnan(y) ? -1 : x < y ? -1 : 1;
	}
	return strcmp(a->c->customer, b->c->customer);
}

static int
by_point(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;
	if (a->group != b->group) {
		return a->group < b->group ? -1 : 1;
	}
	if (a->c->stage != b->c->stage) {
		return a->c->stage < b->c->stage ? -1 : 1;
	}
	/* a top blocker first by dimension order; none (the last stage) last */
	unsigned long ta = (unsigned long)a->c->top_blocker, tb = (unsigned long)b->c->top_blocker;
	if (ta != tb) {
		return ta < tb ? -1 : 1;
	}
	return by_currency(&a, &b);
}

struct meeting {
	size_t group;
	size_t first, n;	/* order[first .. first + n): the members */
	int stage;
	long top_blocker;	/* -1: mixed, or none at the last stage */
	bool mixed;
};

/* The members of a meeting who all have dimension d as a blocker. */
static bool
all_blocked(const struct member *m, const size_t *order, size_t n, size_t d)
{
	for (size_t i = 0; i < n; i++) {
		const struct customer_latest *c = m[order[i]].c;
		bool here = false;
		for (size_t k = 0; k < c->nblockers; k++) {
			here = here || c->blockers[k] == d;
		}
		if (!here) {
			return false;
		}
	}
	return true;
}

/* The mean score in dimension d, and the lowest and highest (NAN: none). */
static double
scores(const struct member *m, const size_t *order, size_t n, size_t d, double *lo, double *hi)
{
	double sum = 0;
	size_t k = 0;
	*lo = *hi = NAN;
	for (size_t i = 0; i < n; i++) {
		double v = m[order[i]].c->scores[d];
		if (!isnan(v)) {
			sum += v;
			*lo = k == 0 || v < *lo ? v : *lo;
			*hi = k == 0 || v > *hi ? v : *hi;
			k++;
		}
	}
	return k ? sum / (double)k : NAN;
}

/* Meetings of members order[from .. to), as even as can be, of at most size
 * or one more rather than one alone. */
static size_t
cut(struct meeting *mt, size_t from, size_t to, size_t size, const struct member *first,
    bool mixed)
{
	size_t n = to - from, k = (n + size - 1) / size, at = from;
	if (n >= 2 && n / k < 2) {
		k--;	/* 5 of size 2: 3 and 2, not 2, 2 and 1 */
	}
	for (size_t q = 0; q < k; q++) {
		size_t len = n / k + (q < n % k);
		mt[q] = (struct meeting){ first->group, at, len, first->c->stage,
					  mixed ? -1 : first->c->top_blocker, mixed };
		at += len;
	}
	return k;
}

static int
by_meeting(const void *pa, const void *pb)
{
	const struct meeting *a = pa, *b = pb;
	if (a->group != b->group) {
		return a->group < b->group ? -1 : 1;
	}
	if (a->stage != b->stage) {
		return a->stage < b->stage ? -1 : 1;
	}
	if (a->mixed != b->mixed) {
		return a->mixed ? 1 : -1;
	}
	return a->first < b->first ? -1 : a->first > b->first;
}

/* Cuts the sorted members into meetings: order lists the members meeting by
 * meeting. */
static int
plan(const struct member *m, size_t n, size_t size, size_t *order, struct meeting **out,
     size_t *count)
{
	struct meeting *mt = calloc(n + 1, sizeof(*mt));
	const struct member **alone = calloc(n + 1, sizeof(*alone));
	if (!mt || !alone) {
		free(mt);
		free(alone);
		return VMAT_ENOMEM;
	}
	size_t nm = 0, nalone = 0, placed = 0;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && m[j].group == m[i].group && m[j].c->stage == m[i].c->stage &&
				m[j].c->top_blocker == m[i].c->top_blocker;) {
			j++;
		}
		if (j - i == 1 && m[i].c->top_blocker >= 0) {
			alone[nalone++] = &m[i];	/* meets the others alone at its stage */
			continue;
		}
		for (size_t k = i; k < j; k++) {
			order[placed + k - i] = k;
		}
		nm += cut(&mt[nm], placed, placed + j - i, size, &m[i], false);
		placed += j - i;
	}
	for (size_t i = 0, j; i < nalone; i = j) {
		const struct member *a = alone[i];
		for (j = i + 1; j < nalone && alone[j]->group == a->group &&
				alone[j]->c->stage == a->c->stage;) {
			j++;
		}
		/* each alone with its blocker: by currency, then name, as others */
		qsort(&alone[i], j - i, sizeof(*alone), by_currency);
		for (size_t k = i; k < j; k++) {
			order[placed + k - i] = (size_t)(alone[k] - m);
		}
		nm += cut(&mt[nm], placed, placed + j - i, size, a, j - i > 1);
		placed += j - i;
	}
	qsort(mt, nm, sizeof(*mt), by_meeting);
	*out = mt;
	*count = nm;
	free(alone);
	return VMAT_OK;
}

/* A meeting's cells: what its members share, and the survey's advice for
 * the blocker that holds them back. */
struct shared {
	size_t *blockers;	/* dimensions all members have as a blocker */
	size_t nblockers;
	double currency_lo, currency_hi;
	const char *advice;
};

static void
share(const struct peers *p, const struct member *m, const size_t *order,
      const struct meeting *mt, struct shared *out)
{
	const size_t *o = &order[mt->first];
	out->nblockers = 0;
	for (size_t d = 0; d < p->ndims; d++) {
		if (all_blocked(m, o, mt->n, d)) {
			out->blockers[out->nblockers++] = d;
		}
	}
	out->currency_lo = out->currency_hi = NAN;
	if (p->currency >= 0) {
		scores(m, o, mt->n, (size_t)p->currency, &out->currency_lo, &out->currency_hi);
	}
	out->advice = NULL;
	if (mt->top_blocker >= 0) {
		double lo, hi, mean = scores(m, o, mt->n, (size_t)mt->top_blocker, &lo, &hi);
		out->advice = survey_advice(&p->dims[mt->top_blocker], mean);
	}
}

static void
md_meeting(FILE *fp, const struct peers *p, const struct member *m, const size_t *order,
	   const struct meeting *mt, size_t number, const struct shared *sh, bool names)
{
	size_t S;
	const struct vmat_stage *stages = vmat_survey_stages(p->survey, &S);
	char b1[32], b2[32];
	if (mt->n == 1) {
		fprintf(fp, "\n### %zu. No peer yet: 1 customer at ", number);
	} else {
		fprintf(fp, "\n### Meeting %zu: %zu customers at ", number, mt->n);
	}
	put_text(fp, mt->stage ? stages[mt->stage - 1].name : "Not started", MARKUP_MD);
	if (mt->top_blocker >= 0) {
		fputs(", held back by ", fp);
		put_text(fp, p->dims[mt->top_blocker].name, MARKUP_MD);
	} else if (mt->mixed) {
		fputs(", each held back by something else", fp);
	}
	fputs("\n\n", fp);
	if (sh->nblockers) {
		fputs(mt->n == 1 ? "Needs: " : "They all need: ", fp);
		for (size_t i = 0; i < sh->nblockers; i++) {
			fputs(i ? ", " : "", fp);
			put_text(fp, p->dims[sh->blockers[i]].name, MARKUP_MD);
		}
		fputs(".", fp);
	} else if (mt->stage < (int)S) {
		fputs("No blocker is common to all of them.", fp);
	} else {
		fputs("At the last stage: nothing blocks.", fp);
	}
	if (!isnan(sh->currency_lo)) {
		fputs(" ", fp);
		put_text(fp, p->dims[p->currency].name, MARKUP_MD);
		fprintf(fp, ": %s to %s.", vmat_fmt_number(b1, round(sh->currency_lo * 100) / 100),
			vmat_fmt_number(b2, round(sh->currency_hi * 100) / 100));
	}
	fputs("\n", fp);
	if (sh->advice) {
		fputs("\nTo talk about: ", fp);
		put_text(fp, sh->advice, MARKUP_MD);
		fputs("\n", fp);
	}
	if (names) {
		fputs("\nCustomers: ", fp);
		for (size_t i = 0; i < mt->n; i++) {
			const struct customer_latest *c = m[order[mt->first + i]].c;
			fputs(i ? "; " : "", fp);
			put_text(fp, c->customer, MARKUP_MD);
			if (c->interviewer) {
				fputs(" (SE ", fp);
				put_text(fp, c->interviewer, MARKUP_MD);
				fputs(")", fp);
			}
		}
		fputs(".\n", fp);
	}
}

static const char *const peer_columns[] = {
	"meeting",	"customers",	"stage",	"stage_id", "held_back_by", "shared_blockers",
	"currency_min", "currency_max", "advice",	"members",
};

static int
rows_meeting(struct vmat_rows *w, const struct peers *p, struct vmat_agg *agg,
	     const struct member *m, const size_t *order, const struct meeting *mt,
	     size_t number, const struct shared *sh, bool names, size_t nby)
{
	size_t ng;
	const struct vmat_group *g = &vmat_agg_groups(agg, &ng)[mt->group];
	struct rows_cell *c = rows_begin(w);
	bool ok = true;
	for (size_t i = 0; i < nby; i++) {
		rows_text(c++, CELL_TEXT, g->key[i]);
	}
	ok &= rows_number(w, c++, (double)number);
	ok &= rows_number(w, c++, (double)mt->n);
	ok &= rows_number(w, c++, mt->stage);
	rows_text(c++, CELL_TEXT, vmat_survey_stage_id(p->survey, mt->stage));
	rows_text(c++, CELL_TEXT, mt->top_blocker >= 0 ? p->dims[mt->top_blocker].id : NULL);
	ok &= rows_ids(w, c++, p->dims, sh->blockers, sh->nblockers);
	ok &= rows_number(w, c++, sh->currency_lo);
	ok &= rows_number(w, c++, sh->currency_hi);
	rows_text(c++, CELL_TEXT, sh->advice);
	if (names) {
		size_t len = 1;
		for (size_t i = 0; i < mt->n; i++) {
			len += strlen(m[order[mt->first + i]].c->customer) + 1;
		}
		char *list = rows_scratch(w, len);
		if (!list) {
			return VMAT_ENOMEM;
		}
		list[0] = '\0';
		for (size_t i = 0; i < mt->n; i++) {
			strcat(strcat(list, i ? ";" : ""), m[order[mt->first + i]].c->customer);
		}
		rows_text(c, CELL_TEXT, list);
	}
	return ok ? rows_put(w) : VMAT_ENOMEM;
}

int
vmat_peers_write(FILE *fp, struct vmat_agg *agg, const struct vmat_survey *survey,
		 const struct vmat_peers_options *opt)
{
	const struct vmat_history *h = agg_history(agg);
	if (!h) {
		return VMAT_EINVAL;
	}
	struct peers p = { .survey = survey, .currency = -1 };
	p.dims = vmat_survey_dimensions(survey, &p.ndims);
	for (size_t d = 0; d < p.ndims; d++) {
		p.currency = strcmp(p.dims[d].id, "currency") == 0 ? (long)d : p.currency;
	}
	size_t ng, n, nm = 0, nby = agg_options(agg)->nby;
	const char *const *by = agg_options(agg)->by;
	vmat_agg_groups(agg, &ng);
	struct customer_latest *latest = NULL;
	struct member *m = NULL;
	struct meeting *mt = NULL;
	size_t *order = NULL, *blockers = calloc(p.ndims + 1, sizeof(*blockers));
	int rc = blockers ? history_latest(h, &latest, &n) : VMAT_ENOMEM;
	if (rc == VMAT_OK) {
		m = calloc(n + 1, sizeof(*m));
		order = calloc(n + 1, sizeof(*order));
		rc = m && order ? VMAT_OK : VMAT_ENOMEM;
	}
	size_t nmembers = 0;
	for (size_t i = 0; rc == VMAT_OK && i < n; i++) {
		size_t g = agg_group_of(agg, latest[i].group);
		if (g < ng) {
			double cur = p.currency >= 0 ? latest[i].scores[p.currency] : NAN;
			m[nmembers++] = (struct member){ &latest[i], g, cur };
		}
	}
	if (rc == VMAT_OK) {
		qsort(m, nmembers, sizeof(*m), by_point);
		rc = plan(m, nmembers, opt->size ? opt->size : DEFAULT_SIZE, order, &mt, &nm);
	}
	struct vmat_rows *w = NULL;
	if (rc == VMAT_OK && opt->format != VMAT_PEERS_MD) {
		struct rows_column cols[16 + COUNT(peer_columns)];
		for (size_t i = 0; i < nby; i++) {
			cols[i] = (struct rows_column){ by[i], false, false };
		}
		for (size_t i = 0; i < COUNT(peer_columns); i++) {
			bool number = i < 3 || i == 6 || i == 7;
			cols[nby + i] = (struct rows_column){ peer_columns[i], number, false };
		}
		rc = rows_open(&w, fp,
			       opt->format == VMAT_PEERS_TABLE ? VMAT_FORMAT_TABLE : VMAT_FORMAT_CSV,
			       opt->csv_guard, cols, nby + COUNT(peer_columns), true);
	}
	if (rc == VMAT_OK && opt->format == VMAT_PEERS_MD) {
		fputs("# Peer meetings: ", fp);
		put_text(fp, vmat_survey_title(survey), MARKUP_MD);
		fprintf(fp, "\n\nCustomers at the same point of the journey, by their latest "
			    "interview: the same stage and the same blocker first, in meetings of at "
			    "most %zu.%s\n",
			opt->size ? opt->size : DEFAULT_SIZE,
			opt->names ? "" : " Customers are not named (vmat peers --names names them).");
	}
	struct shared sh = { .blockers = blockers };
	for (size_t i = 0, number = 0; rc == VMAT_OK && i < nm; i++) {
		number = i > 0 && mt[i - 1].group == mt[i].group ? number + 1 : 1;
		share(&p, m, order, &mt[i], &sh);
		if (w) {
			rc = rows_meeting(w, &p, agg, m, order, &mt[i], number, &sh, opt->names, nby);
			continue;
		}
		if (number == 1) {
			fputs("\n## ", fp);
			put_text(fp, vmat_agg_group_label(agg, mt[i].group), MARKUP_MD);
			fputs("\n", fp);
		}
		md_meeting(fp, &p, m, order, &mt[i], number, &sh, opt->names);
	}
	if (w) {
		int end = vmat_rows_finish(w);
		rc = rc != VMAT_OK ? rc : end;
		vmat_rows_destroy(w);
	}
	free(blockers);
	free(latest);
	free(m);
	free(order);
	free(mt);
	return rc != VMAT_OK ? rc : fflush(fp) != 0 || ferror(fp) ? VMAT_EIO : VMAT_OK;
}
