/* Reading, checking and scoring the inputs on several threads.
 *
 * The calling thread walks the inputs in order and cuts them into parts:
 * chunks of whole bulk CSV records, or a few response files. Workers parse,
 * check and score the parts, each into its own sink state; the calling
 * thread is one of them while it waits for a part to merge. The calling
 * thread then takes the parts back in input order: their messages, counts
 * and sink states are merged exactly as if one thread had read everything
 * (or, for a sink that can take them in any order, each worker's at the end).
 * With one thread there are no workers: each part is done as it is cut.
 *
 * Each response is read once (doc/reference.md §8). Records and files are
 * numbered in input order as they are cut (their ordinals). Workers put
 * every valid response in a table of the ids read so far (seen.c), which
 * keeps for each id its earliest ordinal. A response whose id an earlier
 * one holds is left out. One whose id a later one held (a worker got there
 * first) is kept, and the later one is noted: its part, not merged yet, is
 * done again on the calling thread without it (for an any_order sink, whose
 * parts are not kept, the earlier is left out instead: the two are the
 * same, or a conflict leaves the aggregate unused; see conflicts_left_out).
 *
 * Whether a response left out is a duplicate or a conflict changes only
 * the messages and the counts, so it is found at the end (resolve()): the
 * contents of the few responses with a repeated id are read again from
 * their inputs and compared, and no content is hashed for the others. An
 * input that cannot be read again (standard input) has every content hashed
 * as it is read. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

enum {
	FILES_PER_PART = 32,
	MAX_THREADS = 64,
};

/* A response read after another of the same id. */
struct later {
	struct seen_entry e;	/* content 0: not known yet */
	char *id;
	struct seen_entry first;	/* the first of its id, once resolved */
};

struct laters {
	struct later *items;
	size_t n, cap;
};

struct part {
	struct csv_input *csv;	/* a chunk of this input's records, or */
	struct csv_chunk chunk;
	char *pristine;		/* the chunk's bytes, which parsing changes: to do
				 * it again (only when it may have to be) */
	size_t cappristine;
	const char **paths;	/* response files (the run's places) */
	size_t npaths;
	uint32_t input;		/* the number of the chunk's input, or of paths[0] */
	uint32_t base;		/* the ordinal of its first record or file */
	uint32_t last_ord;	/* of its last valid response */
	bool eager;		/* its input cannot be read again: contents are
				 * hashed as they are read */
	struct laters later;	/* its responses left out as read before */
	bool last_of_input;	/* the input is closed when the part is merged */
	struct vmat_diags *diags;
	size_t valid, invalid;
	void *sink;
	int rc;
	bool done;
};

struct worker {
	struct run *run;
	void *sink;		/* the sink's part for all of this worker's, when any_order */
	struct response_builder *builder;
	struct csv_cursor *cursor;
	struct vmat_result result;
	pthread_t thread;
	bool started;
};

struct run {
	const struct vmat_survey *survey;
	const struct vmat_run_options *opt;
	const struct vmat_sink *sink;
	void *ctx;
	struct part *parts;	/* a ring: part i is parts[i % nparts] */
	size_t nparts;
	size_t cut, taken, merged;	/* parts cut, taken by a worker, merged */
	struct worker *workers;
	size_t nworkers;
	struct csv_input *cutting;	/* the input being cut, until its last part */
	struct vmat_diags *scratch;
	struct vmat_diags *again;	/* redo()'s messages, said already */
	struct seen *seen;
	bool any_order;
	struct laters displaced;	/* kept by a worker before an earlier one came
					 * (under lock) */
	struct laters pending;	/* left out, for resolve() */
	char **places;		/* the inputs' names, by number */
	size_t nplaces, capplaces;
	/* Where each part's records came from, to name them in messages. */
	struct origin {
		uint32_t base;	/* the part's */
		uint32_t input;
		uint32_t *lines;	/* bulk CSV: each record's line, or NULL when
					 * they are line, line + 1, ... */
		long line;	/* bulk CSV: the first record's; 0 for files */
	} *origins;
	size_t norigins, caporigins;
	uint64_t next_ord;
	size_t duplicates, repeated;
	bool stop;
	pthread_mutex_t lock;
	pthread_mutex_t sink_lock;	/* the sink's ctx, for part_full merges */
	pthread_cond_t work, done;
};

/* Appends it to l, which takes its id (freed when l is cleared). */
static int
move_later(struct laters *l, struct later it)
{
	if (!array_reserve((void **)&l->items, &l->cap, l->n, sizeof(*l->items))) {
		free(it.id);
		return VMAT_ENOMEM;
	}
	l->items[l->n++] = it;
	return VMAT_OK;
}

static int
add_later(struct laters *l, const struct seen_entry *e, const char *id)
{
	char *copy = strdup(id);
	return copy ? move_later(l, (struct later){ .e = *e, .id = copy }) : VMAT_ENOMEM;
}

static void
clear_laters(struct laters *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].id);
	}
	l->n = 0;
}

/* Whether resp (id: its hash), read as ord, is kept: the first of its id
 * so far. One read after another of its id is noted, for merge() to say
 * which. */
static int
first_read(struct run *r, struct part *p, const struct vmat_response *resp, uint64_t id,
	   uint32_t ord, bool *keep)
{
	struct seen_entry e = { id, p->eager ? seen_content(r->survey, resp) : 0, ord }, was;
	int v = seen_put(r->seen, &e, &was);
	*keep = v != SEEN_AFTER;
	if (v == SEEN_AFTER) {
		e.content = e.content ? e.content : seen_content(r->survey, resp);
		return add_later(&p->later, &e, resp->id);
	}
	if (v != SEEN_BEFORE) {
		return v == VMAT_ENOMEM ? v : VMAT_OK;
	}
	/* was, kept by a worker that got there first, comes later in the
	 * inputs. An any_order sink holds it for good, and it stands in for
	 * this one. */
	*keep = !r->any_order;
	pthread_mutex_lock(&r->lock);
	int rc = add_later(&r->displaced, &was, resp->id);
	pthread_mutex_unlock(&r->lock);
	return rc;
}

/* Asks the cache for the slot of record k of p's chunk, a few records
 * before it is put: its first cell, when that is the id column, as it
 * stands (a quoted or padded id gets a useless prefetch, nothing worse).
 * Each put is a miss in a table of every id read, which the few hundred
 * nanoseconds of one response did not hide. */
static void
prefetch_record(struct run *r, const struct part *p, size_t k)
{
	const struct csv_span *sp = &p->chunk.spans[k];
	const char *s = p->chunk.data + sp->start;
	size_t len = sp->end - sp->start < 64 ? sp->end - sp->start : 64;
	const char *comma = memchr(s, ',', len);
	if (comma) {
		seen_prefetch(r->seen, seen_id_bytes(s, (size_t)(comma - s)));
	}
}

/* Reads, checks and scores the responses of p into the sink. again: the
 * part is done once more (see redo()), its messages going there. */
static void
do_part(struct worker *w, struct part *p, struct vmat_diags *again)
{
	struct run *r = w->run;
	struct vmat_diags *diags = again ? again : p->diags;
	size_t n = p->csv ? p->chunk.n : p->npaths;
	if (p->csv && p->pristine && !again) {
		memcpy(p->pristine, p->chunk.data, p->chunk.len);
	}
	enum { AHEAD = 4 };
	bool ahead = p->csv && !again && csv_input_id_first(p->csv);
	for (size_t i = 0; ahead && i < AHEAD && i < n; i++) {
		prefetch_record(r, p, i);
	}
	for (size_t i = 0; i < n && p->rc == VMAT_OK; i++) {
		if (ahead && i + AHEAD < n) {
			prefetch_record(r, p, i + AHEAD);
		}
		const struct vmat_response *resp;
		int rc = p->csv ? csv_input_response(p->csv, w->cursor, w->builder, &p->chunk, i, &resp,
						     diags)
				: read_json_response(w->builder, p->paths[i], &resp, diags);
		bool keep = true;
		if (rc == VMAT_OK) {
			uint32_t ord = p->base + (uint32_t)i;
			uint64_t id = seen_id(resp->id);
			struct seen_entry first;
			if (!ahead) {
				seen_prefetch(r->seen, id);	/* a miss, while scoring */
			}
			vmat_score(r->survey, resp, &w->result);
			if (again) {
				keep = seen_get(r->seen, id, &first) && first.ord == ord;
			} else {
				p->valid++;
				p->last_ord = ord;
				rc = first_read(r, p, resp, id, ord, &keep);
			}
		}
		if (rc == VMAT_EINVAL) {
			p->invalid += !again;
		} else if (rc != VMAT_OK) {
			p->rc = rc;
		} else if (keep) {
			p->rc = r->sink->part_add(w->sink ? w->sink : p->sink, resp, &w->result);
		}
	}
}

/* With the lock held: takes the next part and does it on w, unlocked. */
static void
take_part(struct run *r, struct worker *w)
{
	struct part *p = &r->parts[r->taken++ % r->nparts];
	pthread_mutex_unlock(&r->lock);
	do_part(w, p, NULL);
	if (w->sink && p->rc == VMAT_OK && r->sink->part_full && r->sink->part_full(w->sink)) {
		pthread_mutex_lock(&r->sink_lock);
		p->rc = r->sink->part_merge(r->ctx, w->sink);
		pthread_mutex_unlock(&r->sink_lock);
	}
	pthread_mutex_lock(&r->lock);
	p->done = true;
	pthread_cond_broadcast(&r->done);
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct run *r = w->run;
	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (!r->stop && r->taken == r->cut) {
			pthread_cond_wait(&r->work, &r->lock);
		}
		if (r->stop) {
			break;
		}
		take_part(r, w);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

static void
clear_part(struct part *p)
{
	p->npaths = 0;
	p->eager = false;
	clear_laters(&p->later);
	p->csv = NULL;
	p->chunk.n = 0;
	p->last_of_input = false;
	p->valid = p->invalid = 0;
	p->rc = VMAT_OK;
	p->done = false;
}

/* The input and line (0 for a file) of the response numbered ord. */
static const char *
origin_of(const struct run *r, uint32_t ord, long *line)
{
	size_t lo = 0, hi = r->norigins;	/* the last origin whose base <= ord */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (r->origins[mid].base <= ord) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	const struct origin *o = &r->origins[lo];
	uint32_t k = ord - o->base;
	*line = !o->line ? 0 : o->lines ? o->lines[k] : o->line + k;
	return r->places[o->input + (o->line ? 0 : k)];
}

/* Notes where part p's records come from; numbers them. */
static int
add_origin(struct run *r, struct part *p)
{
	size_t n = p->csv ? p->chunk.n : p->npaths;
	if (r->next_ord + n > UINT32_MAX) {
		return VMAT_ENOMEM;	/* 4 billion responses */
	}
	if (!array_reserve((void **)&r->origins, &r->caporigins, r->norigins,
			   sizeof(*r->origins))) {
		return VMAT_ENOMEM;
	}
	struct origin *o = &r->origins[r->norigins++];
	*o = (struct origin){ .base = (uint32_t)r->next_ord, .input = p->input };
	p->base = o->base;
	r->next_ord += n;
	if (!p->csv || !n) {
		return VMAT_OK;
	}
	const struct csv_span *sp = p->chunk.spans;
	o->line = sp[0].line;
	size_t k = 1;
	while (k < n && sp[k].line == o->line + (long)k) {
		k++;
	}
	if (k < n) {	/* records on several lines, or blank lines between */
		if (!(o->lines = malloc(n * sizeof(*o->lines)))) {
			return VMAT_ENOMEM;
		}
		for (k = 0; k < n; k++) {
			o->lines[k] = sp[k].line <= UINT32_MAX ? (uint32_t)sp[k].line : 0;
		}
	}
	return VMAT_OK;
}

static int
cmp_later(const void *x, const void *y)
{
	uint32_t a = ((const struct later *)x)->e.ord, b = ((const struct later *)y)->e.ord;
	return (a > b) - (a < b);
}

/* The part once more, on the calling thread, into a new sink part: without
 * the responses an earlier one came to hold the id of after a worker had
 * kept them. */
static int
redo(struct run *r, struct part *p)
{
	r->sink->part_destroy(p->sink);
	if (!(p->sink = r->sink->part_create(r->ctx))) {
		return VMAT_ENOMEM;
	}
	if (p->csv) {
		memcpy(p->chunk.data, p->pristine, p->chunk.len);
	}
	do_part(&r->workers[0], p, r->again);
	vmat_diags_clear(r->again);
	return p->rc;
}

/* The responses of p read after another of their id: left out, and kept
 * for resolve(). */
static int
left_out(struct run *r, struct part *p)
{
	size_t before = p->later.n;
	int rc = VMAT_OK;
	pthread_mutex_lock(&r->lock);	/* workers add to the list */
	for (size_t i = 0; p->valid && i < r->displaced.n && rc == VMAT_OK;) {
		struct later *d = &r->displaced.items[i];
		if (d->e.ord > p->last_ord) {
			i++;
			continue;
		}
		rc = move_later(&p->later, *d);
		*d = r->displaced.items[--r->displaced.n];
	}
	pthread_mutex_unlock(&r->lock);
	if (rc == VMAT_OK && p->later.n > before && p->sink) {
		rc = redo(r, p);
	}
	for (size_t i = 0; i < p->later.n; i++) {
		p->valid--;
		if (rc == VMAT_OK) {
			rc = move_later(&r->pending, p->later.items[i]);
		} else {
			free(p->later.items[i].id);
		}
	}
	p->later.n = 0;	/* their ids are pending's now */
	return rc;
}

/* Contents to read again: an ordinal, then its content once read (0 when
 * it cannot be). */
struct wanted {
	uint32_t ord;
	uint32_t content;
};

static int
cmp_wanted(const void *x, const void *y)
{
	uint32_t a = ((const struct wanted *)x)->ord, b = ((const struct wanted *)y)->ord;
	return (a > b) - (a < b);
}

static uint32_t
content_of(const struct wanted *w, size_t n, uint32_t ord, uint32_t known)
{
	if (known) {
		return known;
	}
	const struct wanted *hit = bsearch(&(struct wanted){ .ord = ord }, w, n, sizeof(*w),
					   cmp_wanted);
	return hit ? hit->content : 0;
}

static long
line_of(const struct run *r, uint32_t ord)
{
	long line;
	origin_of(r, ord, &line);
	return line;
}

/* Reads again the responses w[*i..] that come from the bulk CSV input at
 * path, in one pass over it. */
static int
read_again_csv(struct run *r, const char *path, struct wanted *w, size_t n, size_t *i)
{
	struct worker *w0 = &r->workers[0];
	size_t next = *i, end = *i;
	long line;
	while (end < n && origin_of(r, w[end].ord, &line) == path) {
		end++;
	}
	*i = end;
	struct csv_input *csv;
	struct csv_chunk ch = { 0 };
	int rc = csv_input_open(&csv, r->survey, path, &r->opt->read, w0->cursor, r->again);
	while (rc == VMAT_OK && next < end && csv_input_chunk(csv, &ch, r->again) == 1) {
		for (size_t k = 0; k < ch.n && next < end; k++) {
			while (next < end && line_of(r, w[next].ord) < ch.spans[k].line) {
				next++;	/* not there any more: the file changed */
			}
			const struct vmat_response *resp;
			if (next < end && line_of(r, w[next].ord) == ch.spans[k].line &&
			    csv_input_response(csv, w0->cursor, w0->builder, &ch, k, &resp,
					       r->again) == VMAT_OK) {
				w[next++].content = seen_content(r->survey, resp);
			}
		}
	}
	csv_chunk_free(&ch);
	if (rc == VMAT_OK) {
		csv_input_close(csv);
	}
	vmat_diags_clear(r->again);
	return rc == VMAT_ENOMEM ? rc : VMAT_OK;
}

/* Reads again the responses w (sorted) from their inputs. */
static int
read_again(struct run *r, struct wanted *w, size_t n)
{
	int rc = VMAT_OK;
	for (size_t i = 0; i < n && rc == VMAT_OK;) {
		long line;
		const char *path = origin_of(r, w[i].ord, &line);
		if (line) {
			rc = read_again_csv(r, path, w, n, &i);
			continue;
		}
		const struct vmat_response *resp;
		if (read_json_response(r->workers[0].builder, path, &resp, r->again) == VMAT_OK) {
			w[i].content = seen_content(r->survey, resp);
		}
		vmat_diags_clear(r->again);
		i++;
	}
	return rc;
}

/* Tells, for each response left out, a duplicate (counted once) from a
 * conflict (an error naming both places, and invalid), in input order. */
static int
resolve(struct run *r, size_t *invalid)
{
	struct laters *l = &r->pending;
	if (!l->n) {
		return VMAT_OK;
	}
	qsort(l->items, l->n, sizeof(*l->items), cmp_later);
	struct wanted *w = malloc(2 * l->n * sizeof(*w));
	size_t n = 0;
	if (!w) {
		return VMAT_ENOMEM;
	}
	for (size_t i = 0; i < l->n; i++) {
		struct later *it = &l->items[i];
		seen_get(r->seen, it->e.id, &it->first);
		if (!it->e.content) {
			w[n++] = (struct wanted){ it->e.ord, 0 };
		}
		if (!it->first.content) {
			w[n++] = (struct wanted){ it->first.ord, 0 };
		}
	}
	qsort(w, n, sizeof(*w), cmp_wanted);
	size_t k = 0;	/* each once */
	for (size_t i = 0; i < n; i++) {
		if (!k || w[k - 1].ord != w[i].ord) {
			w[k++] = w[i];
		}
	}
	int rc = read_again(r, w, k);
	for (size_t i = 0; i < l->n && rc == VMAT_OK; i++) {
		const struct later *it = &l->items[i];
		uint32_t a = content_of(w, k, it->e.ord, it->e.content);
		uint32_t b = content_of(w, k, it->first.ord, it->first.content);
		if (a && a == b) {
			r->duplicates++;
			continue;
		}
		char id[80], at[32] = "";
		long line, first_line;
		const char *file = origin_of(r, it->e.ord, &line);
		const char *first_file = origin_of(r, it->first.ord, &first_line);
		if (first_line) {
			snprintf(at, sizeof(at), ":%ld", first_line);
		}
		(*invalid)++;
		rc = diag_add(r->again, VMAT_ERROR, file, line, 0, NULL,
			      "id %s: conflicts with %s%s (the same id, other content)",
			      quote_value(id, sizeof(id), it->id, strlen(it->id)), first_file, at);
	}
	free(w);
	if (rc == VMAT_OK && r->opt->diags) {
		r->opt->diags(r->ctx, r->again);
	}
	vmat_diags_clear(r->again);
	return rc;
}

/* Takes part i back on the calling thread. */
static int
merge(struct run *r, size_t i, size_t *valid, size_t *invalid)
{
	struct part *p = &r->parts[i % r->nparts];
	if (r->nworkers > 1) {
		pthread_mutex_lock(&r->lock);
		while (!p->done) {
			if (r->taken == r->cut) {
				pthread_cond_wait(&r->done, &r->lock);
				continue;
			}
			/* Rather than wait, the calling thread does a part itself,
			 * as worker 0: N threads in all keep N CPUs busy. */
			take_part(r, &r->workers[0]);
		}
		pthread_mutex_unlock(&r->lock);
	}
	int rc = p->rc == VMAT_OK ? left_out(r, p) : p->rc;
	if (r->opt->diags) {
		r->opt->diags(r->ctx, p->diags);
	}
	vmat_diags_clear(p->diags);
	*valid += p->valid;
	*invalid += p->invalid;
	if (rc == VMAT_OK && p->sink) {
		rc = r->sink->part_merge(r->ctx, p->sink);
	}
	if (p->last_of_input) {
		csv_input_close(p->csv);
	}
	clear_part(p);
	r->merged++;
	if (rc == VMAT_OK && r->opt->progress) {
		r->opt->progress(r->ctx, *valid, *invalid);
	}
	return rc;
}

/* Hands part r->cut to the workers, or does it now when there are none. */
static int
submit(struct run *r, size_t *valid, size_t *invalid)
{
	int rc = add_origin(r, &r->parts[r->cut % r->nparts]);
	if (rc != VMAT_OK) {
		return rc;
	}
	if (r->nworkers > 1) {
		pthread_mutex_lock(&r->lock);
		r->cut++;
		pthread_cond_signal(&r->work);
		pthread_mutex_unlock(&r->lock);
		return VMAT_OK;
	}
	do_part(&r->workers[0], &r->parts[r->cut++ % r->nparts], NULL);
	return merge(r, r->cut - 1, valid, invalid);
}

/* The next free part, once the oldest is merged if all are busy. */
static int
next_part(struct run *r, struct part **out, size_t *valid, size_t *invalid)
{
	int rc = VMAT_OK;
	if (r->cut - r->merged == r->nparts) {
		rc = merge(r, r->merged, valid, invalid);
	}
	*out = &r->parts[r->cut % r->nparts];
	return rc;
}

/* Numbers the input at path, for places; -1 when out of memory. */
static long
add_place(struct run *r, const char *path)
{
	if (!array_reserve((void **)&r->places, &r->capplaces, r->nplaces, sizeof(*r->places)) ||
	    r->nplaces > UINT32_MAX || !(r->places[r->nplaces] = strdup(path))) {
		return -1;
	}
	return (long)r->nplaces++;
}

static int
add_path(struct run *r, struct part *p, const char *path)
{
	if (p->npaths % FILES_PER_PART == 0) {
		const char **paths = realloc(p->paths, (p->npaths + FILES_PER_PART) * sizeof(*paths));
		if (!paths) {
			return VMAT_ENOMEM;
		}
		p->paths = paths;
	}
	long n = add_place(r, path);
	if (n < 0) {
		return VMAT_ENOMEM;
	}
	p->input = p->npaths ? p->input : (uint32_t)n;
	p->paths[p->npaths++] = r->places[n];
	return VMAT_OK;
}

/* Room to keep the bytes of p's chunk, when its part may be done again. */
static bool
keep_pristine(struct run *r, struct part *p)
{
	if (r->any_order || r->nworkers == 1 || p->chunk.len <= p->cappristine) {
		return true;
	}
	free(p->pristine);
	p->cappristine = p->chunk.cap;
	p->pristine = malloc(p->cappristine);
	return p->pristine != NULL;
}

/* Hands the part over and takes the next. */
static int
advance(struct run *r, struct part **p, size_t *valid, size_t *invalid)
{
	int rc = submit(r, valid, invalid);
	return rc == VMAT_OK ? next_part(r, p, valid, invalid) : rc;
}

static int
cut_csv(struct run *r, struct part **p, const char *path, size_t *valid, size_t *invalid)
{
	struct csv_input *csv;
	int rc = csv_input_open(&csv, r->survey, path, &r->opt->read, r->workers[0].cursor,
				(*p)->diags);
	if (rc != VMAT_OK) {
		(*p)->invalid += rc == VMAT_EINVAL;
		return rc == VMAT_EINVAL ? advance(r, p, valid, invalid) : rc;
	}
	r->cutting = csv;
	long input = add_place(r, path);
	if (input < 0) {
		return VMAT_ENOMEM;
	}
	uint64_t size = csv_input_size(csv);
	bool eager = strcmp(path, "-") == 0 || size == 0;	/* not to be read again */
	for (bool first = true;; first = false) {
		int got = csv_input_chunk(csv, &(*p)->chunk, (*p)->diags);
		if (got == VMAT_ENOMEM || !keep_pristine(r, *p)) {
			return VMAT_ENOMEM;
		}
		(*p)->eager = eager;
		if (first && got == 1 && (*p)->chunk.len) {
			/* as many records as the first chunk's size says */
			double per_byte = (double)(*p)->chunk.n / (double)(*p)->chunk.len;
			seen_reserve(r->seen, r->next_ord + (size_t)(per_byte * (double)size));
		}
		(*p)->csv = csv;
		(*p)->input = (uint32_t)input;
		if (got != 1) {
			/* the input is closed once its last part is merged */
			(*p)->last_of_input = true;
			(*p)->invalid += got != 0;
			r->cutting = NULL;
			return advance(r, p, valid, invalid);
		}
		if ((rc = advance(r, p, valid, invalid)) != VMAT_OK) {
			return rc;
		}
	}
}

/* Cuts the inputs into parts, in order. */
static int
cut_inputs(struct run *r, const char *const *paths, size_t npaths, size_t *valid,
	   size_t *invalid)
{
	struct inputs in = { .paths = paths, .npaths = npaths };
	struct part *p = NULL;
	int rc = next_part(r, &p, valid, invalid);
	while (rc == VMAT_OK) {
		const char *path;
		/* The messages of what is not a response file come after those
		 * of the files already in the part. */
		int kind = inputs_next(&in, &path, p->npaths ? r->scratch : p->diags);
		if (kind == INPUT_JSON && in.next_file == 1) {
			seen_reserve(r->seen, r->next_ord + in.files.n);	/* a directory's */
		}
		if (kind == INPUT_JSON) {
			rc = add_path(r, p, path);
			if (rc == VMAT_OK && p->npaths == FILES_PER_PART) {
				rc = advance(r, &p, valid, invalid);
			}
			continue;
		}
		if (kind == VMAT_ENOMEM) {
			rc = kind;
			break;
		}
		if (p->npaths) {
			if ((rc = advance(r, &p, valid, invalid)) != VMAT_OK) {
				break;
			}
			struct vmat_diags *d = p->diags;
			p->diags = r->scratch;
			r->scratch = d;
		}
		if (kind == 0) {
			break;
		}
		if (kind == INPUT_CSV) {
			rc = cut_csv(r, &p, path, valid, invalid);
		} else {
			p->invalid++;
			rc = advance(r, &p, valid, invalid);
		}
	}
	r->repeated = in.repeated;
	inputs_free(&in);
	return rc;
}

static size_t
thread_count(const struct vmat_run_options *opt)
{
	long n = opt->threads ? (long)opt->threads : sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (size_t)n;
}

static void
destroy(struct run *r)
{
	if (r->nworkers > 1) {
		pthread_mutex_lock(&r->lock);
		r->stop = true;
		pthread_cond_broadcast(&r->work);
		pthread_mutex_unlock(&r->lock);
	}
	for (size_t i = 0; r->workers && i < r->nworkers; i++) {
		struct worker *w = &r->workers[i];
		if (w->started) {
			pthread_join(w->thread, NULL);
		}
		if (w->sink) {
			r->sink->part_destroy(w->sink);
		}
		response_builder_destroy(w->builder);
		csv_cursor_destroy(w->cursor);
		vmat_result_finish(&w->result);
	}
	for (size_t i = 0; r->parts && i < r->nparts; i++) {
		struct part *p = &r->parts[i];
		if (p->last_of_input) {
			csv_input_close(p->csv);
		}
		clear_part(p);
		free(p->later.items);
		free(p->pristine);
		free(p->paths);
		csv_chunk_free(&p->chunk);
		vmat_diags_destroy(p->diags);
		if (p->sink) {
			r->sink->part_destroy(p->sink);
		}
	}
	csv_input_close(r->cutting);
	vmat_diags_destroy(r->scratch);
	vmat_diags_destroy(r->again);
	clear_laters(&r->displaced);
	free(r->displaced.items);
	clear_laters(&r->pending);
	free(r->pending.items);
	for (size_t i = 0; i < r->nplaces; i++) {
		free(r->places[i]);
	}
	free(r->places);
	for (size_t i = 0; i < r->norigins; i++) {
		free(r->origins[i].lines);
	}
	free(r->origins);
	seen_destroy(r->seen);
	free(r->parts);
	free(r->workers);
	pthread_mutex_destroy(&r->lock);
	pthread_mutex_destroy(&r->sink_lock);
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->done);
}

static int
setup(struct run *r)
{
	pthread_mutex_init(&r->lock, NULL);
	pthread_mutex_init(&r->sink_lock, NULL);
	pthread_cond_init(&r->work, NULL);
	pthread_cond_init(&r->done, NULL);
	size_t n = r->nworkers;
	/* A conflict's later version leaves no trace in an aggregate only when
	 * its parts are merged in input order (see first_read()). */
	bool any_order = r->sink->any_order && r->sink->any_order(r->ctx) &&
			 !r->opt->conflicts_left_out;
	r->any_order = any_order;
	/* Enough parts to keep every worker busy while the oldest is merged;
	 * few enough to keep memory small. */
	r->nparts = n > 1 ? 2 * n : 1;
	r->workers = calloc(n, sizeof(*r->workers));
	r->parts = calloc(r->nparts, sizeof(*r->parts));
	if (!r->workers || !r->parts || vmat_diags_create(&r->scratch) != VMAT_OK ||
	    vmat_diags_create(&r->again) != VMAT_OK || seen_create(&r->seen, n > 1) != VMAT_OK) {
		return VMAT_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct worker *w = &r->workers[i];
		w->run = r;
		if (response_builder_create(&w->builder, r->survey, r->opt->read.strict) != VMAT_OK ||
		    csv_cursor_create(&w->cursor) != VMAT_OK ||
		    vmat_result_init(&w->result, r->survey) != VMAT_OK ||
		    (any_order && !(w->sink = r->sink->part_create(r->ctx)))) {
			return VMAT_ENOMEM;
		}
	}
	for (size_t i = 0; i < r->nparts; i++) {
		struct part *p = &r->parts[i];
		if (vmat_diags_create(&p->diags) != VMAT_OK ||
		    (!any_order && !(p->sink = r->sink->part_create(r->ctx)))) {
			return VMAT_ENOMEM;
		}
	}
	for (size_t i = 1; i < n; i++) {	/* worker 0 is the calling thread */
		struct worker *w = &r->workers[i];
		if (pthread_create(&w->thread, NULL, work, w) != 0) {
			return VMAT_ENOMEM;
		}
		w->started = true;
	}
	return VMAT_OK;
}

int
vmat_run(const struct vmat_survey *survey, const char *const *paths, size_t npaths,
	 const struct vmat_run_options *opt, const struct vmat_sink *sink, void *ctx,
	 struct vmat_run_counts *counts)
{
	struct run r = { .survey = survey, .opt = opt, .sink = sink, .ctx = ctx,
			 .nworkers = thread_count(opt) };
	size_t *valid = &counts->valid, *invalid = &counts->invalid;
	*counts = (struct vmat_run_counts){ 0 };
	int rc = setup(&r);
	if (rc == VMAT_OK) {
		rc = cut_inputs(&r, paths, npaths, valid, invalid);
	}
	while (rc == VMAT_OK && r.merged < r.cut) {
		rc = merge(&r, r.merged, valid, invalid);
	}
	for (size_t i = 0; i < r.nworkers && rc == VMAT_OK; i++) {
		if (r.workers[i].sink) {
			rc = sink->part_merge(ctx, r.workers[i].sink);
		}
	}
	if (rc == VMAT_OK) {
		rc = resolve(&r, invalid);
	}
	counts->duplicates = r.duplicates;
	counts->repeated = r.repeated;
	destroy(&r);
	return rc;
}
