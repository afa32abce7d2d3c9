/* Customer journeys (reference §9): every interview beside the one before it
 * of the same customer, for `vmat history`.
 *
 * A history keeps one small record per interview (its fields, result and
 * blockers, not its answers), added on any thread and in any order; at the
 * end it sorts them by customer key, date and id, so that each customer's
 * interviews follow one another and the previous one is the row above. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

struct history_part {
	const struct vmat_history *history;
	struct arena arena;
	struct list list;
	/* The names this part has seen, each with its key: a customer comes
	 * back three times on average, and its name is then neither folded nor
	 * copied again. The strings live in the arena (then in the history's). */
	struct strmap names;	/* a name as written -> its entry */
	struct seen_name {
		const char *customer, *name_key;
		bool aliased;
	} *seen;
	size_t nseen, capseen;
};

/* The name's entry, made on its first sight; NULL when out of memory. */
static const struct seen_name *
seen_name(struct history_part *p, const char *customer)
{
	const struct vmat_history *h = p->history;
	size_t len = strlen(customer);
	const size_t *at = strmap_get(&p->names, customer, len);
	if (at) {
		return &p->seen[*at];
	}
	char key[KEY_MAX];
	customer_key(key, sizeof(key), customer);
	const char *to = aliases_find(h->aliases, key);
	struct seen_name s = { arena_strndup(&p->arena, customer, len),
			       to ? to : arena_strdup(&p->arena, key), to != NULL };
	bool added;
	if (!s.customer || !s.name_key ||
	    !array_reserve((void **)&p->seen, &p->capseen, p->nseen, sizeof(*p->seen)) ||
	    !strmap_put(&p->names, s.customer, len, p->nseen, &added)) {
		return NULL;
	}
	p->seen[p->nseen] = s;
	return &p->seen[p->nseen++];
}

void
vmat_history_set_aliases(struct vmat_history *h, const struct vmat_aliases *aliases)
{
	h->aliases = aliases;
}

int
vmat_history_create(struct vmat_history **out, const struct vmat_survey *survey)
{
	struct vmat_history *h = calloc(1, sizeof(*h));
	if (!h) {
		return VMAT_ENOMEM;
	}
	h->survey = survey;
	vmat_survey_dimensions(survey, &h->ndims);
	h->partner_q = survey_question_typed(survey, "partner_access", VMAT_CHOICE);
	*out = h;
	return VMAT_OK;
}

void
vmat_history_destroy(struct vmat_history *h)
{
	if (!h) {
		return;
	}
	arena_free(&h->arena);
	free(h->list.items);
	strmap_free(&h->by_id);
	free(h);
}

static bool
push(struct list *l, struct interview *e)
{
	if (!array_reserve((void **)&l->items, &l->cap, l->n, sizeof(*l->items))) {
		return false;
	}
	l->items[l->n++] = e;
	return true;
}

/* A problem in the data: its message, then VMAT_EINVAL (or VMAT_ENOMEM). */
static int
invalid(int added)
{
	return added == VMAT_OK ? VMAT_EINVAL : added;
}

/* The sink -------------------------------------------------------------- */

static void *
history_part_create(void *ctx)
{
	struct history_part *p = calloc(1, sizeof(*p));
	if (p) {
		p->history = ctx;
	}
	return p;
}

static void
history_part_destroy(void *part)
{
	struct history_part *p = part;
	if (p) {
		arena_free(&p->arena);
		free(p->list.items);
		strmap_free(&p->names);
		free(p->seen);
		free(p);
	}
}

int
history_add(void *part, const struct vmat_response *r, const struct vmat_result *res,
	    const char *group)
{
	struct history_part *p = part;
	const struct vmat_history *h = p->history;
	const char *cid = r->fields[F_CUSTOMER_ID];
	const char *date = r->fields[F_DATE], *interviewer = r->fields[F_INTERVIEWER];
	const struct seen_name *name = seen_name(p, r->fields[F_CUSTOMER]);
	if (!name) {
		return VMAT_ENOMEM;
	}
	/* one allocation: the record, its numbers and blockers, its strings */
	const char *texts[] = { r->id, date, interviewer, group };
	size_t lens[COUNT(texts)], size = sizeof(struct interview) +
					 (V_SCORES + h->ndims) * sizeof(double) +
					 res->nblockers * sizeof(size_t) + (cid ? strlen(cid) + 4 : 0);
	for (size_t i = 0; i < COUNT(texts); i++) {
		lens[i] = texts[i] ? strlen(texts[i]) + 1 : 0;
		size += lens[i];
	}
	struct interview *e = arena_alloc(&p->arena, size);
	if (!e) {
		return VMAT_ENOMEM;
	}
	size_t *blockers = (size_t *)&e->v[V_SCORES + h->ndims];
	char *at = (char *)&blockers[res->nblockers], *copies[COUNT(texts)];
	for (size_t i = 0; i < COUNT(texts); i++) {
		copies[i] = texts[i] ? memcpy(at, texts[i], lens[i]) : NULL;
		at += lens[i];
	}
	*e = (struct interview){
		.id = copies[0],
		.date = copies[1],
		.customer = name->customer,
		.interviewer = copies[2],
		.name_key = name->name_key,
		.has_id = cid != NULL,
		.aliased = name->aliased,
		.group = copies[3],
		.day = (int32_t)((date[0] - '0') * 10000000 + (date[1] - '0') * 1000000 +
				 (date[2] - '0') * 100000 + (date[3] - '0') * 10000 +
				 (date[5] - '0') * 1000 + (date[6] - '0') * 100 +
				 (date[8] - '0') * 10 + (date[9] - '0')),
		.stage = res->stage,
		.top_blocker = -1,
		.partner = h->partner_q >= 0 && r->answers[h->partner_q].state == VMAT_ANSWERED
				   ? (int)r->answers[h->partner_q].choice
				   : -1,
		.nblockers = res->nblockers,
		.blockers = blockers,
	};
	if (cid) {
		sprintf(at, "id:%s", cid);
	}
	e->key = cid ? at : e->name_key;
	double most = -INFINITY;
	for (size_t i = 0; i < res->nblockers; i++) {
		blockers[i] = res->blockers[i].dimension;
		if (res->blockers[i].shortfall > most) {
			most = res->blockers[i].shortfall;
			e->top_blocker = (long)blockers[i];
		}
	}
	e->v[V_INDEX] = res->index;
	e->v[V_ASPIRATION] = res->aspiration;
	e->v[V_GAP] = res->gap;
	e->v[V_COMPLETENESS] = res->completeness;
	memcpy(&e->v[V_SCORES], res->scores, h->ndims * sizeof(double));
	return push(&p->list, e) ? VMAT_OK : VMAT_ENOMEM;
}

static int
history_part_add(void *part, const struct vmat_response *r, const struct vmat_result *res)
{
	return history_add(part, r, res, NULL);
}

static int
history_part_merge(void *ctx, void *part)
{
	struct vmat_history *h = ctx;
	struct history_part *p = part;
	for (size_t i = 0; i < p->list.n; i++) {
		if (!push(&h->list, p->list.items[i])) {
			return VMAT_ENOMEM;
		}
	}
	p->list.n = 0;
	arena_take(&h->arena, &p->arena);
	return VMAT_OK;
}

/* The order is a total one (ids are unique after vmat_run()), so the parts
 * may come in any order. */
static bool
history_any_order(void *ctx)
{
	(void)ctx;
	return true;
}

const struct vmat_sink vmat_history_sink = {
	.part_create = history_part_create,
	.part_add = history_part_add,
	.part_merge = history_part_merge,
	.part_destroy = history_part_destroy,
	.any_order = history_any_order,
};

/* Finishing: customers, order, warnings ---------------------------------- */

/* Customer keys in byte order, then dates, then ids: numbers compared
 * first, the strings only for two interviews of a customer on one day. */
static int
by_customer(const void *pa, const void *pb)
{
	const struct interview *a = *(struct interview *const *)pa;
	const struct interview *b = *(struct interview *const *)pb;
	if (a->customer_no != b->customer_no) {
		return a->customer_no < b->customer_no ? -1 : 1;
	}
	if (a->day != b->day) {
		return a->day < b->day ? -1 : 1;
	}
	return strcmp(a->id, b->id);
}

static int
by_key(const void *pa, const void *pb)
{
	return strcmp(**(const char *const *const *)pa, **(const char *const *const *)pb);
}

/* Numbers the customers by their keys in byte order: each distinct key
 * once, so that sorting the interviews compares numbers. */
static int
number_customers(struct vmat_history *h)
{
	struct strmap keys = { 0 };
	const char ***distinct = malloc((h->list.n + 1) * sizeof(*distinct));
	uint32_t *rank = malloc((h->list.n + 1) * sizeof(*rank));
	int rc = distinct && rank ? VMAT_OK : VMAT_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < h->list.n && rc == VMAT_OK; i++) {
		struct interview *e = h->list.items[i];
		bool added;
		size_t *at = strmap_put(&keys, e->key, strlen(e->key), n, &added);
		if (!at) {
			rc = VMAT_ENOMEM;
		} else if (added) {
			distinct[n++] = &e->key;
		}
		if (at) {
			e->customer_no = (uint32_t)*at;
		}
	}
	if (rc == VMAT_OK) {
		/* distinct holds pointers to keys; sorted, position k is rank k */
		const char ***sorted = malloc((n + 1) * sizeof(*sorted));
		rc = sorted ? VMAT_OK : VMAT_ENOMEM;
		for (size_t k = 0; sorted && k < n; k++) {
			sorted[k] = distinct[k];
		}
		if (sorted) {
			qsort(sorted, n, sizeof(*sorted), by_key);
			for (size_t k = 0; k < n; k++) {
				rank[*strmap_get(&keys, *sorted[k], strlen(*sorted[k]))] = (uint32_t)k;
			}
		}
		free(sorted);
	}
	for (size_t i = 0; i < h->list.n && rc == VMAT_OK; i++) {
		h->list.items[i]->customer_no = rank[h->list.items[i]->customer_no];
	}
	strmap_free(&keys);
	free(distinct);
	free(rank);
	return rc;
}

enum { SEVERAL_IDS = SIZE_MAX };

/* An interview without a customer_id joins the customer_id its name has in
 * other interviews, when it has one. */
static int
join_ids(struct vmat_history *h)
{
	struct strmap ids = { 0 };	/* name key -> an interview with a customer_id */
	int rc = VMAT_OK;
	for (size_t i = 0; i < h->list.n && rc == VMAT_OK; i++) {
		const struct interview *e = h->list.items[i];
		bool added;
		size_t *at = e->has_id ? strmap_put(&ids, e->name_key, strlen(e->name_key), i, &added)
				       : &(size_t){ 0 };
		if (!at) {
			rc = VMAT_ENOMEM;
		} else if (e->has_id && !added && *at != SEVERAL_IDS &&
			   strcmp(h->list.items[*at]->key, e->key) != 0) {
			*at = SEVERAL_IDS;
		}
	}
	for (size_t i = 0; i < h->list.n && rc == VMAT_OK; i++) {
		struct interview *e = h->list.items[i];
		size_t *at = e->has_id ? NULL
				       : (size_t *)strmap_get(&ids, e->name_key, strlen(e->name_key));
		if (at && *at != SEVERAL_IDS) {
			e->key = h->list.items[*at]->key;
		}
		e->several_ids = at && *at == SEVERAL_IDS;
	}
	strmap_free(&ids);
	return rc;
}

/* For e, without a customer_id but joined to one by its name (a folded
 * name never holds a ":"): an interview with the id and e's name key whose
 * name differs from e's in more than case, accents and punctuation, unless
 * one of them is spelled as e is; NULL then. */
static const struct interview *
joined_by_form(const struct vmat_history *h, size_t from, size_t to,
	       const struct interview *e, const char *folded)
{
	char other[KEY_MAX];
	const struct interview *differs = NULL;
	for (size_t i = from; i < to; i++) {
		const struct interview *r = h->list.items[i];
		if (!r->has_id || strcmp(r->name_key, e->name_key) != 0) {
			continue;
		}
		customer_fold(other, sizeof(other), r->customer);
		if (strcmp(other, folded) == 0) {
			return NULL;
		}
		differs = differs ? differs : r;
	}
	return differs;
}

static int
joined(struct vmat_diags *diags, const struct interview *a, const struct interview *b)
{
	char q1[96], q2[96], q3[96];
	return diag_add(diags, VMAT_WARNING, "", 0, 0, "",
			"%s and %s are taken as one customer (key %s); give them a "
			"customer_id or list one as an alias of the other",
			quote_value(q1, sizeof(q1), a->customer, strlen(a->customer)),
			quote_value(q2, sizeof(q2), b->customer, strlen(b->customer)),
			quote_value(q3, sizeof(q3), a->key, strlen(a->key)));
}

/* What may be wrong with the customer of interviews from..to-1, said once
 * per customer written: names joined by dropping a legal form ("Acme" and
 * "ACME, Inc."), unless the aliases list them, may be two customers; a name
 * with several customer_ids leaves those without one apart. */
static int
say_doubts(const struct vmat_history *h, size_t from, size_t to, struct vmat_diags *diags)
{
	char first[KEY_MAX], other[KEY_MAX], q1[96];
	const struct interview *a = NULL;
	for (size_t i = from; i < to; i++) {
		const struct interview *e = h->list.items[i];
		if (e->several_ids) {
			return diag_add(diags, VMAT_WARNING, "", 0, 0, "",
					"customer %s: interviews without a customer_id are kept "
					"apart, the name having several customer_id values",
					quote_value(q1, sizeof(q1), e->customer, strlen(e->customer)));
		}
		if (e->has_id || e->aliased) {
			continue;
		}
		if (strncmp(e->key, "id:", 3) == 0) {
			customer_fold(other, sizeof(other), e->customer);
			const struct interview *r = joined_by_form(h, from, to, e, other);
			if (r) {
				return joined(diags, e, r);
			}
			continue;
		}
		if (!a) {
			a = e;
			customer_fold(first, sizeof(first), a->customer);
			continue;
		}
		if (strcmp(e->customer, a->customer) == 0) {
			continue;
		}
		customer_fold(other, sizeof(other), e->customer);
		if (strcmp(first, other) != 0) {
			return joined(diags, a, e);
		}
	}
	return VMAT_OK;
}

int
history_doubts(const struct vmat_history *h, struct vmat_diags *diags)
{
	int rc = VMAT_OK;
	for (size_t i = 0, j; i < h->list.n && rc == VMAT_OK; i = j) {
		uint32_t c = h->list.items[i]->customer_no;
		for (j = i + 1; j < h->list.n && h->list.items[j]->customer_no == c;) {
			j++;
		}
		rc = say_doubts(h, i, j, diags);
	}
	return rc;
}

int
vmat_history_finish(struct vmat_history *h)
{
	int rc = join_ids(h);
	rc = rc != VMAT_OK ? rc : number_customers(h);
	if (rc == VMAT_OK && h->list.n > 1) {
		qsort(h->list.items, h->list.n, sizeof(*h->list.items), by_customer);
	}
	return rc;
}

const char *
history_previous(struct vmat_history *h, const char *id)
{
	for (size_t i = h->by_id.n; i < h->list.n; i++) {
		bool added;
		const char *k = h->list.items[i]->id;
		if (!strmap_put(&h->by_id, k, strlen(k), i, &added)) {
			return NULL;
		}
	}
	const size_t *at = strmap_get(&h->by_id, id, strlen(id));
	if (!at || *at == 0) {
		return NULL;
	}
	const struct interview *e = h->list.items[*at], *prev = h->list.items[*at - 1];
	return prev->customer_no == e->customer_no ? prev->id : NULL;
}

/* Writing ---------------------------------------------------------------- */

/* Whether the interviews of e's customer are asked for: their key is one
 * of keys. */
static bool
wanted(const struct interview *e, const char *const *keys, size_t nkeys)
{
	for (size_t k = 0; k < nkeys; k++) {
		if (strcmp(e->key, keys[k]) == 0) {
			return true;
		}
	}
	return nkeys == 0;
}

/* The keys of the customer a user names: by customer_id, or by the name's
 * key (a customer_id joined to the name included). At most two kinds of
 * key, each found once: keys has room for 8, more are not told apart. */
static size_t
keys_of(const struct vmat_history *h, const char *customer, const char **keys)
{
	char key[KEY_MAX];
	customer_key(key, sizeof(key), customer);
	const char *to = aliases_find(h->aliases, key);
	const char *name_key = to ? to : key;
	size_t n = 0;
	for (size_t i = 0; i < h->list.n && n < 8; i++) {
		const struct interview *e = h->list.items[i];
		bool match = strcmp(e->name_key, name_key) == 0 ||
			     (e->has_id && strcmp(e->key + 3, customer) == 0);
		if (match && (n == 0 || strcmp(keys[n - 1], e->key) != 0)) {
			keys[n++] = e->key;
		}
	}
	return n;
}

/* "did you mean": the customer whose name's key is nearest the one asked. */
static const char *
nearest_customer(const struct vmat_history *h, const char *customer)
{
	char key[KEY_MAX];
	customer_key(key, sizeof(key), customer);
	const char **names = malloc((h->list.n + 1) * sizeof(*names));
	if (!names) {
		return NULL;
	}
	size_t n = 0;
	for (size_t i = 0; i < h->list.n; i++) {
		const char *k = h->list.items[i]->name_key;
		if (n == 0 || strcmp(names[n - 1], k) != 0) {
			names[n++] = k;
		}
	}
	const char *best = vmat_nearest(key, names, n);
	const char *found = NULL;
	for (size_t i = 0; best && i < h->list.n && !found; i++) {
		found = h->list.items[i]->name_key == best ? h->list.items[i]->customer : NULL;
	}
	free(names);
	return found;
}

static const struct rows_column head[] = {
	{ "customer", false, false },	   { "customer_key", false, false },
	{ "id", false, true },		   { "date", false, false },
	{ "interviewer", false, false },   { "stage", true, false },
	{ "stage_id", false, false },	   { "index", true, false },
	{ "aspiration", true, false },	   { "gap", true, false },
	{ "completeness", true, false },   { "previous_id", false, true },
	{ "previous_date", false, false }, { "months_since_previous", true, false },
	{ "stage_change", true, false },   { "index_change", true, false },
};

static int
open_rows(const struct vmat_history *h, struct vmat_rows **out, FILE *fp,
	  enum vmat_format format, bool guard)
{
	const struct vmat_dimension *dims = vmat_survey_dimensions(h->survey, &(size_t){ 0 });
	size_t ncols = COUNT(head) + 2 * h->ndims + 2;
	struct rows_column *cols = calloc(ncols, sizeof(*cols));
	struct arena names = { 0 };
	if (!cols) {
		return VMAT_ENOMEM;
	}
	memcpy(cols, head, sizeof(head));
	size_t c = COUNT(head);
	bool ok = true;
	for (size_t d = 0; d < h->ndims; d++) {
		cols[c++] = (struct rows_column){ arena_printf(&names, "score_%s", dims[d].id), true,
						  false };
		cols[c++] = (struct rows_column){
			arena_printf(&names, "score_%s_change", dims[d].id), true, false
		};
		ok = ok && cols[c - 2].name && cols[c - 1].name;
	}
	cols[c++] = (struct rows_column){ "blockers_resolved", false, false };
	cols[c++] = (struct rows_column){ "blockers_new", false, false };
	int rc = ok ? rows_open(out, fp, format, guard, cols, ncols, true) : VMAT_ENOMEM;
	arena_free(&names);
	free(cols);
	return rc;
}

static double
change(double now, double before)
{
	return isnan(now) || isnan(before) ? NAN : now - before;
}

/* One row: e, and what changed since prev (NULL for a first interview). */
static int
put_row(const struct vmat_history *h, struct vmat_rows *w, const struct interview *e,
	const struct interview *prev)
{
	const struct vmat_dimension *dims = vmat_survey_dimensions(h->survey, &(size_t){ 0 });
	struct rows_cell *c = rows_begin(w);
	bool ok = true;
	rows_text(c++, CELL_TEXT, e->customer);
	rows_text(c++, CELL_TEXT, e->key);
	rows_text(c++, CELL_TEXT, e->id);
	rows_text(c++, CELL_TEXT, e->date);
	rows_text(c++, CELL_TEXT, e->interviewer);
	ok &= rows_number(w, c++, e->stage);
	rows_text(c++, CELL_TEXT, vmat_survey_stage_id(h->survey, e->stage));
	for (size_t k = V_INDEX; k <= V_COMPLETENESS; k++) {
		ok &= rows_number(w, c++, e->v[k]);
	}
	if (prev) {
		rows_text(c++, CELL_TEXT, prev->id);
		rows_text(c++, CELL_TEXT, prev->date);
		ok &= rows_number(w, c++, journey_months(prev->date, e->date));
		ok &= rows_number(w, c++, e->stage - prev->stage);
		ok &= rows_number(w, c++, change(e->v[V_INDEX], prev->v[V_INDEX]));
	} else {
		c += 5;
	}
	for (size_t d = 0; d < h->ndims; d++) {
		ok &= rows_number(w, c++, e->v[V_SCORES + d]);
		if (prev) {
			ok &= rows_number(w, c, change(e->v[V_SCORES + d], prev->v[V_SCORES + d]));
		}
		c++;
	}
	if (prev) {
		size_t resolved[64], added[64], nr, na;
		size_t *r = e->nblockers + prev->nblockers > 64
				    ? malloc(2 * (e->nblockers + prev->nblockers) * sizeof(*r))
				    : resolved;
		size_t *a = r == resolved ? added : r + e->nblockers + prev->nblockers;
		if (!r) {
			return VMAT_ENOMEM;
		}
		journey_blockers_diff(prev->blockers, prev->nblockers, e->blockers, e->nblockers, r,
				      &nr, a, &na);
		/* an empty list (JSON []), not a missing one (null): nothing changed */
		ok &= rows_ids(w, c++, dims, r, nr);
		ok &= rows_ids(w, c++, dims, a, na);
		if (r != resolved) {
			free(r);
		}
	}
	return ok ? rows_put(w) : VMAT_ENOMEM;
}

int
vmat_history_write(struct vmat_history *h, FILE *fp, enum vmat_format format, bool csv_guard,
		   const char *customer, struct vmat_diags *diags)
{
	const char *keys[8];
	size_t nkeys = 0;
	if (customer) {
		nkeys = keys_of(h, customer, keys);
		if (nkeys == 0) {
			char q[96], g[96];
			const char *guess = nearest_customer(h, customer);
			return invalid(diag_add(
				diags, VMAT_ERROR, "", 0, 0, "",
				"no interview of customer %s in the inputs%s%s%s",
				quote_value(q, sizeof(q), customer, strlen(customer)),
				guess ? "; did you mean " : "",
				guess ? quote_value(g, sizeof(g), guess, strlen(guess)) : "",
				guess ? "?" : ""));
		}
	}
	struct vmat_rows *w;
	int rc = open_rows(h, &w, fp, format, csv_guard);
	if (rc != VMAT_OK) {
		return rc;
	}
	/* customer by customer: its doubts, then its interviews */
	for (size_t i = 0, j; i < h->list.n && rc == VMAT_OK; i = j) {
		const struct interview *first = h->list.items[i];
		for (j = i + 1; j < h->list.n && h->list.items[j]->customer_no == first->customer_no;) {
			j++;
		}
		if (!wanted(first, keys, nkeys)) {
			continue;
		}
		rc = say_doubts(h, i, j, diags);
		for (size_t k = i; k < j && rc == VMAT_OK; k++) {
			rc = put_row(h, w, h->list.items[k], k > i ? h->list.items[k - 1] : NULL);
		}
	}
	int end = vmat_rows_finish(w);
	vmat_rows_destroy(w);
	return rc != VMAT_OK ? rc : end;
}
