/* Reading, checking and scoring the inputs on several threads.
 *
 * The calling thread walks the inputs in order and cuts them into parts:
 * chunks of whole bulk CSV records, or a few response files. Workers parse,
 * check and score the parts, each into its own sink state; the calling
 * thread is one of them while it waits for a part to merge. The calling
 * thread then takes the parts back in input order: their messages, counts
 * and sink states are merged exactly as if one thread had read everything
 * (or, for a sink that can take them in any order, each worker's at the end).
 * With one thread there are no workers: each part is done as it is cut. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

enum {
	FILES_PER_PART = 32,
	MAX_THREADS = 64,
};

struct part {
	struct csv_input *csv;	/* a chunk of this input's records, or */
	struct csv_chunk chunk;
	char **paths;		/* response files */
	size_t npaths;
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
	bool stop;
	pthread_mutex_t lock;
	pthread_cond_t work, done;
};

static void
do_part(struct worker *w, struct part *p)
{
	const struct vmat_sink *sink = w->run->sink;
	const struct vmat_survey *s = w->run->survey;
	size_t n = p->csv ? p->chunk.n : p->npaths;
	for (size_t i = 0; i < n && p->rc == VMAT_OK; i++) {
		const struct vmat_response *resp;
		int rc = p->csv ? csv_input_response(p->csv, w->cursor, w->builder, &p->chunk, i, &resp,
						     p->diags)
				: read_json_response(w->builder, p->paths[i], &resp, p->diags);
		if (rc == VMAT_EINVAL) {
			p->invalid++;
		} else if (rc != VMAT_OK) {
			p->rc = rc;
		} else {
			p->valid++;
			vmat_score(s, resp, &w->result);
			p->rc = sink->part_add(w->sink ? w->sink : p->sink, resp, &w->result);
		}
	}
}

/* With the lock held: takes the next part and does it on w, unlocked. */
static void
take_part(struct run *r, struct worker *w)
{
	struct part *p = &r->parts[r->taken++ % r->nparts];
	pthread_mutex_unlock(&r->lock);
	do_part(w, p);
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
	for (size_t i = 0; i < p->npaths; i++) {
		free(p->paths[i]);
	}
	p->npaths = 0;
	p->csv = NULL;
	p->chunk.n = 0;
	p->last_of_input = false;
	p->valid = p->invalid = 0;
	p->rc = VMAT_OK;
	p->done = false;
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
	if (r->opt->diags) {
		r->opt->diags(r->ctx, p->diags);
	}
	vmat_diags_clear(p->diags);
	*valid += p->valid;
	*invalid += p->invalid;
	int rc = p->rc;
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
	if (r->nworkers > 1) {
		pthread_mutex_lock(&r->lock);
		r->cut++;
		pthread_cond_signal(&r->work);
		pthread_mutex_unlock(&r->lock);
		return VMAT_OK;
	}
	do_part(&r->workers[0], &r->parts[r->cut++ % r->nparts]);
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

static int
add_path(struct part *p, const char *path)
{
	if (p->npaths % FILES_PER_PART == 0) {
		char **paths = realloc(p->paths, (p->npaths + FILES_PER_PART) * sizeof(*paths));
		if (!paths) {
			return VMAT_ENOMEM;
		}
		p->paths = paths;
	}
	if (!(p->paths[p->npaths] = strdup(path))) {
		return VMAT_ENOMEM;
	}
	p->npaths++;
	return VMAT_OK;
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
	for (;;) {
		int got = csv_input_chunk(csv, &(*p)->chunk, (*p)->diags);
		if (got == VMAT_ENOMEM) {
			return got;
		}
		(*p)->csv = csv;
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
		if (kind == INPUT_JSON) {
			rc = add_path(p, path);
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
	for (size_t i = 0; i < r->nworkers; i++) {
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
	for (size_t i = 0; i < r->nparts; i++) {
		struct part *p = &r->parts[i];
		if (p->last_of_input) {
			csv_input_close(p->csv);
		}
		clear_part(p);
		free(p->paths);
		csv_chunk_free(&p->chunk);
		vmat_diags_destroy(p->diags);
		if (p->sink) {
			r->sink->part_destroy(p->sink);
		}
	}
	csv_input_close(r->cutting);
	vmat_diags_destroy(r->scratch);
	free(r->parts);
	free(r->workers);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->done);
}

static int
setup(struct run *r)
{
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->work, NULL);
	pthread_cond_init(&r->done, NULL);
	size_t n = r->nworkers;
	bool any_order = r->sink->any_order && r->sink->any_order(r->ctx);
	/* Enough parts to keep every worker busy while the oldest is merged;
	 * few enough to keep memory small. */
	r->nparts = n > 1 ? 2 * n : 1;
	r->workers = calloc(n, sizeof(*r->workers));
	r->parts = calloc(r->nparts, sizeof(*r->parts));
	if (!r->workers || !r->parts || vmat_diags_create(&r->scratch) != VMAT_OK) {
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
	 size_t *valid, size_t *invalid)
{
	struct run r = { .survey = survey, .opt = opt, .sink = sink, .ctx = ctx,
			 .nworkers = thread_count(opt) };
	*valid = *invalid = 0;
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
	destroy(&r);
	return rc;
}
