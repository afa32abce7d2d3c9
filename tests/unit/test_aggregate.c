/* Grouping and statistics (reference §5), through the public API. */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

/* One capability dimension scored by a percent question whose level is
 * answer / 25 (thresholds every 25 points), two stages. */
static const char survey_json[] =
	"{\"format\":\"vmat-survey/1\",\"id\":\"t\",\"version\":1,\"title\":\"T\","
	"\"stages\":[{\"id\":\"one\",\"name\":\"One\",\"requires\":{\"c\":1}},"
	"{\"id\":\"two\",\"name\":\"Two\",\"requires\":{\"c\":2}}],"
	"\"dimensions\":[{\"id\":\"c\",\"name\":\"C\"},{\"id\":\"i\",\"name\":\"I\","
	"\"kind\":\"intent\"}],"
	"\"questions\":[{\"id\":\"p\",\"type\":\"percent\",\"dimension\":\"c\",\"text\":\"P\","
	"\"thresholds\":[[0,0],[25,0.5],[50,1],[75,1.5],[100,2]]},"
	"{\"id\":\"g\",\"type\":\"scale\",\"min\":0,\"max\":2,\"dimension\":\"i\",\"text\":\"G\","
	"\"required\":false}]}";

struct fixture {
	struct vmat_survey *s;
	struct vmat_agg *agg;
	struct vmat_result res;
};

/* Adds a response: customer, region, date, percent answer (< 0: none), goal (< 0: none). */
static void
add(struct fixture *f, const char *customer, const char *region, const char *date, int pct,
    int goal)
{
	char json[512], answers[128] = "";
	size_t o = 0;
	if (pct >= 0) {
		o += (size_t)snprintf(answers + o, sizeof(answers) - o, "\"p\":%d", pct);
	}
	if (goal >= 0) {
		snprintf(answers + o, sizeof(answers) - o, "%s\"g\":%d", o ? "," : "", goal);
	}
	snprintf(json, sizeof(json),
		 "{\"format\":\"vmat-response/1\",\"survey\":\"t\",\"customer\":\"%s\","
		 "\"region\":\"%s\",\"date\":\"%s\",\"answers\":{%s}}",
		 customer, region, date, answers);
	const struct vmat_response *r = response_json(f->s, json, NULL);
	assert_non_null(r);
	vmat_score(f->s, r, &f->res);
	assert_int_equal(vmat_agg_add(f->agg, r, &f->res), VMAT_OK);
}

static void
setup(struct fixture *f, const char *const *by, size_t nby, bool latest, size_t min_group)
{
	f->s = survey_ok(survey_json);
	struct vmat_report_options opt = { .by = by, .nby = nby, .latest = latest,
					   .min_group = min_group, .keep_rows = true };
	assert_int_equal(vmat_agg_create(&f->agg, f->s, &opt, NULL), VMAT_OK);
	assert_int_equal(vmat_result_init(&f->res, f->s), VMAT_OK);
}

static void
teardown(struct fixture *f)
{
	vmat_agg_destroy(f->agg);
	vmat_result_finish(&f->res);
	vmat_survey_destroy(f->s);
	response_done();
}

/* index = 100 * level / 2 = percent answer rounded down to a quarter; the
 * quantiles are R's type 7, numpy's default. */
static void
test_quantiles_type7(void **state)
{
	(void)state;
	struct fixture f;
	static const char *const by[] = { "region" };
	setup(&f, by, 1, false, 0);
	/* indexes 0, 25, 50, 100 (answers 10, 30, 60, 100) */
	add(&f, "a", "X", "2010-01-01", 10, -1);
	add(&f, "b", "X", "2010-01-01", 30, -1);
	add(&f, "c", "X", "2010-01-01", 60, -1);
	add(&f, "d", "X", "2010-01-01", 100, -1);
	add(&f, "e", "X", "2010-01-01", -1, -1);	/* no index: left out of the quantiles */
	assert_int_equal(vmat_agg_finish(f.agg), VMAT_OK);
	size_t n;
	const struct vmat_group *g = vmat_agg_groups(f.agg, &n);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].responses, 5);
	assert_near(g[0].index_mean, 43.75);
	assert_near(g[0].index_p25, 18.75);	/* h = 0.75: 0 + 0.75 * 25 */
	assert_near(g[0].index_median, 37.5);	/* h = 1.5: 25 + 0.5 * 25 */
	assert_near(g[0].index_p75, 62.5);	/* h = 2.25: 50 + 0.25 * 50 */
	assert_near(g[0].dim_median[0], 0.75);
	assert_true(isnan(g[0].aspiration_mean));
	assert_true(isnan(g[0].mindset_ahead_share));
	assert_int_equal(g[0].stages[0], 3);	/* a, b and e */
	assert_int_equal(g[0].stages[1], 1);
	assert_int_equal(g[0].stages[2], 1);
	teardown(&f);
}

static void
test_groups_sorted_and_other_last(void **state)
{
	(void)state;
	struct fixture f;
	static const char *const by[] = { "region", "year" };
	setup(&f, by, 2, false, 2);
	add(&f, "a", "b-region", "2011-05-01", 50, 2);
	add(&f, "b", "a-region", "2012-05-01", 50, 2);
	add(&f, "c", "b-region", "2011-06-01", 50, 0);
	add(&f, "d", "B-region", "2011-06-01", 50, 0);
	add(&f, "e", "a-region", "2012-01-01", 75, 2);
	assert_int_equal(vmat_agg_finish(f.agg), VMAT_OK);
	size_t n;
	const struct vmat_group *g = vmat_agg_groups(f.agg, &n);
	assert_int_equal(n, 3);
	/* byte order: "a-region" < "b-region"; the lone "B-region" folds */
	assert_string_equal(g[0].key[0], "a-region");
	assert_string_equal(g[0].key[1], "2012");
	assert_string_equal(g[1].key[0], "b-region");
	assert_string_equal(g[2].key[0], "(other)");
	assert_string_equal(g[2].key[1], "(other)");
	assert_string_equal(vmat_agg_group_label(f.agg, 1), "b-region / 2011");
	/* b-region: gaps 2 - 1 = 1 and 0 - 1 = -1: one of two ahead */
	assert_near(g[1].mindset_ahead_share, 0.5);
	assert_near(g[1].gap_mean, 0);
	teardown(&f);
}

/* Customers per group, counted by sets that change their form (struct idset:
 * a hash table while it is the smaller, else a bit per number up to the
 * largest; customer i is number i, numbers go by first appearance). EMEA
 * has each of the first 300 customers (a bit each, from the 25th) and one
 * in ten of the 3,000 that come later; LATAM the first 25 (bits too), then
 * one in a thousand: at 3,000, bits would take 512 bytes, more than 16 for
 * each of its 28 numbers, so a hash table again; NA every later one (a hash
 * table, numbers from 300 up, then bits). The first ones come back once in
 * seven. Cut into three parts merged backwards, the summary is the same.
 * Some 3,700 responses make every change of form (issue 14: with 3,000 and
 * 20,000, some 26,000 took 3 s under ASan). */
enum { EARLY = 300, LATE = 3000, LATAM_EARLY = 25 };

static size_t
customer_responses(int *customer, const char **region)
{
	size_t n = 0;
	for (int i = 0; i < EARLY + LATE; i++) {
		bool early = i < EARLY;
		if (early || i % 10 == 0) {
			customer[n] = i, region[n++] = "EMEA";
		}
		if (early ? i < LATAM_EARLY : i % 1000 == 0) {
			customer[n] = i, region[n++] = "LATAM";
		}
		if (!early) {
			customer[n] = i, region[n++] = "NA";
		}
	}
	for (int i = 0; i < EARLY; i += 7) {
		customer[n] = i, region[n++] = "EMEA";
	}
	return n;
}

static void
add_customers(struct fixture *f, const int *customer, const char **region, size_t from,
	      size_t to)
{
	for (size_t k = from; k < to; k++) {
		char name[32];
		snprintf(name, sizeof(name), "Customer %d", customer[k]);
		add(f, name, region[k], "2012-01-01", 50, 1);
	}
}

static char *
finish_summary(struct vmat_agg *agg)
{
	assert_int_equal(vmat_agg_finish(agg), VMAT_OK);
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	assert_int_equal(vmat_agg_write_summary(agg, fp, true), VMAT_OK);
	fclose(fp);
	return text;
}

static void
test_customer_sets(void **state)
{
	(void)state;
	static int customer[2 * (EARLY + LATE)];
	static const char *region[2 * (EARLY + LATE)];
	size_t n = customer_responses(customer, region);
	struct fixture f;
	static const char *const by[] = { "region" };
	setup(&f, by, 1, false, 0);
	add_customers(&f, customer, region, 0, n);
	char *want = finish_summary(f.agg);
	size_t ng;
	const struct vmat_group *g = vmat_agg_groups(f.agg, &ng);
	assert_int_equal(ng, 3);
	assert_string_equal(g[0].key[0], "EMEA");
	assert_int_equal(g[0].customers, EARLY + LATE / 10);
	assert_int_equal(g[0].responses, EARLY + LATE / 10 + (EARLY + 6) / 7);
	assert_string_equal(g[1].key[0], "LATAM");
	assert_int_equal(g[1].customers, LATAM_EARLY + LATE / 1000);
	assert_string_equal(g[2].key[0], "NA");
	assert_int_equal(g[2].customers, LATE);

	struct vmat_agg *whole = f.agg, *parts[3];
	const struct vmat_report_options opt = { .by = by, .nby = 1 };
	size_t cut[] = { 0, EARLY / 2, n / 2, n };
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(vmat_agg_create(&parts[i], f.s, &opt, NULL), VMAT_OK);
		f.agg = parts[i];
		add_customers(&f, customer, region, cut[i], cut[i + 1]);
	}
	assert_int_equal(vmat_agg_merge(parts[2], parts[1]), VMAT_OK);
	assert_int_equal(vmat_agg_merge(parts[2], parts[0]), VMAT_OK);
	char *got = finish_summary(parts[2]);
	assert_string_equal(want, got);
	free(want);
	free(got);
	for (size_t i = 0; i < 3; i++) {
		vmat_agg_destroy(parts[i]);
	}
	f.agg = whole;
	teardown(&f);
}

static void
test_latest_by_date_then_input_order(void **state)
{
	(void)state;
	struct fixture f;
	static const char *const by[] = { "region" };
	setup(&f, by, 1, true, 0);
	add(&f, "acme", "X", "2012-01-01", 10, -1);
	add(&f, "acme", "X", "2010-01-01", 100, -1);	/* older: left out */
	add(&f, "acme", "X", "2012-01-01", 60, -1);	/* same day, later input: counts */
	add(&f, "zeta", "Y", "2011-01-01", 30, -1);
	assert_int_equal(vmat_agg_finish(f.agg), VMAT_OK);
	size_t n;
	const struct vmat_group *g = vmat_agg_groups(f.agg, &n);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].responses, 1);
	assert_near(g[0].index_mean, 50);

	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	assert_int_equal(vmat_agg_write_responses(f.agg, fp), VMAT_OK);
	fclose(fp);
	/* only the counted rows, each with its percentile in its group */
	assert_non_null(strstr(out, ",acme,X,2012-01-01,"));
	assert_null(strstr(out, "2010-01-01"));
	assert_non_null(strstr(out, "index_percentile\n"));
	assert_non_null(strstr(out, ",50,,,1,1,,c,100\n"));	/* index 50, blockers c, 100th */
	free(out);
	teardown(&f);
}

static void
test_unknown_by_field(void **state)
{
	(void)state;
	struct vmat_survey *s = survey_ok(survey_json);
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	static const char *const by[] = { "quarter", "colour", "quarter" };
	struct vmat_agg *agg;
	struct vmat_report_options opt = { .by = by, .nby = 3 };
	assert_int_equal(vmat_agg_create(&agg, s, &opt, d), VMAT_EINVAL);
	char *text = diags_text(d);
	assert_string_equal(text,
			    "error: --by: unknown field \"colour\" (expected one of: id, customer, "
			    "region, date, interviewer, country, segment, industry, customer_id, year, "
			    "quarter, month)\n");
	free(text);
	vmat_diags_destroy(d);
	vmat_survey_destroy(s);
}

/* ## Parts merged in input order (issue 5)
 *
 * The bundled interviews of surveys/journey.json and a few more, cut into
 * parts at every place: whatever the cuts, every output has the same bytes
 * as one aggregate that took the responses in order. */

enum { MAX_RESPONSES = 64 };

struct corpus {
	struct vmat_survey *s;
	struct vmat_diags *d;
	struct response_builder *b[MAX_RESPONSES];
	const struct vmat_response *r[MAX_RESPONSES];
	struct vmat_result res[MAX_RESPONSES];
	size_t n;
};

#define TIE "\"customer\":\"Tie \\\"Quoted\\\", Inc\",\"region\":\"NA\",\"date\":\"2012-03-04\""

/* Put among the samples: the same customer twice on one day (the later
 * counts with --latest, and has an interviewer of its own), a response
 * without an index, and a sample's customer and day again. */
static const struct {
	size_t at;	/* after this many samples */
	const char *json;
} more[] = {
	{ 3, "{\"format\":\"vmat-response/1\",\"survey\":\"journey\",\"id\":\"tie-first\"," TIE
	     ",\"segment\":\"smb\",\"interviewer\":\"Dana Whitfield\",\"answers\":"
	     "{\"pct_virtual\":90,\"host_management\":\"drs\",\"ha_coverage\":\"all\","
	     "\"budget\":4}}" },
	{ 20, "{\"format\":\"vmat-response/1\",\"survey\":\"journey\",\"id\":\"no-index\","
	      "\"customer\":\"Nothing Answered Ltd\",\"region\":\"EMEA\",\"date\":\"2011-07-01\","
	      "\"answers\":{}}" },
	{ 30, "{\"format\":\"vmat-response/1\",\"survey\":\"journey\",\"id\":\"tie-second\"," TIE
	      ",\"interviewer\":\"Zed Newcomer\",\"answers\":{\"pct_virtual\":5,"
	      "\"host_management\":\"standalone\",\"urgency\":5}}" },
	{ 38, "{\"format\":\"vmat-response/1\",\"survey\":\"journey\",\"id\":\"banco-again\","
	      "\"customer\":\"Banco del Sur, S.A.\",\"region\":\"LATAM\",\"date\":\"2011-03-22\","
	      "\"answers\":{\"pct_virtual\":100,\"sla\":\"reported\",\"budget\":0}}" },
};

static void
corpus_add(struct corpus *c, const char *name, const char *json)
{
	assert_true(c->n < MAX_RESPONSES);
	size_t i = c->n++;
	assert_int_equal(response_builder_create(&c->b[i], c->s, false), VMAT_OK);
	int rc = response_from_json(c->b[i], &c->r[i], name, json, strlen(json), c->d);
	if (rc != VMAT_OK) {
		char *text = diags_text(c->d);
		print_error("%s:\n%s", name, text);
		free(text);
	}
	assert_int_equal(rc, VMAT_OK);
	assert_int_equal(vmat_result_init(&c->res[i], c->s), VMAT_OK);
	vmat_score(c->s, c->r[i], &c->res[i]);
}

static int
json_file(const struct dirent *e)
{
	const char *dot = strrchr(e->d_name, '.');
	return dot && strcmp(dot, ".json") == 0;
}

static void
corpus_load(struct corpus *c)
{
	*c = (struct corpus){ 0 };
	assert_int_equal(vmat_diags_create(&c->d), VMAT_OK);
	assert_int_equal(vmat_survey_load(&c->s, "../../surveys/journey.json", c->d), VMAT_OK);
	struct dirent **names;
	int n = scandir("../../surveys/samples", &names, json_file, alphasort);
	assert_int_equal(n, 38);
	for (size_t i = 0, k = 0; i <= (size_t)n; i++) {
		for (; k < COUNT(more) && more[k].at == i; k++) {
			corpus_add(c, more[k].json + 60, more[k].json);
		}
		if (i == (size_t)n) {
			break;
		}
		char path[512], *text;
		snprintf(path, sizeof(path), "../../surveys/samples/%s", names[i]->d_name);
		FILE *fp = fopen(path, "rb");
		assert_non_null(fp);
		assert_non_null(text = calloc(1, 1 << 16));
		assert_true(fread(text, 1, (1 << 16) - 1, fp) > 0);
		fclose(fp);
		corpus_add(c, names[i]->d_name, text);
		free(text);
		free(names[i]);
	}
	free(names);
	assert_int_equal(c->n, 42);
}

static void
corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		vmat_result_finish(&c->res[i]);
		response_builder_destroy(c->b[i]);
	}
	vmat_survey_destroy(c->s);
	vmat_diags_destroy(c->d);
}

static void
add_range(const struct corpus *c, struct vmat_agg *agg, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		assert_int_equal(vmat_agg_add(agg, c->r[i], &c->res[i]), VMAT_OK);
	}
}

static struct vmat_agg *
agg_new(const struct corpus *c, const struct vmat_report_options *opt)
{
	struct vmat_agg *agg;
	assert_int_equal(vmat_agg_create(&agg, c->s, opt, NULL), VMAT_OK);
	return agg;
}

/* Everything the aggregate tells, numbers as exact hex; destroys agg. */
static char *
dump(struct vmat_agg *agg, const struct corpus *c)
{
	assert_int_equal(vmat_agg_finish(agg), VMAT_OK);
	char *text = NULL;
	size_t len = 0, ng, nq, S, nd;
	FILE *fp = open_memstream(&text, &len);
	assert_int_equal(vmat_agg_write_summary(agg, fp, true), VMAT_OK);
	assert_int_equal(vmat_agg_write_long(agg, fp, true), VMAT_OK);
	/* VMAT_EINVAL without kept rows */
	fprintf(fp, "responses.csv: %d\n", vmat_agg_write_responses(agg, fp));
	const struct vmat_group *g = vmat_agg_groups(agg, &ng);
	const char *const *quarters = vmat_agg_quarters(agg, &nq);
	vmat_survey_stages(c->s, &S);
	vmat_survey_dimensions(c->s, &nd);
	for (size_t i = 0; i < (S + 1) * (S + 1); i++) {
		fprintf(fp, "%zu ", vmat_agg_aspiration(agg)[i]);
	}
	for (size_t q = 0; q < nq; q++) {
		fprintf(fp, "%s ", quarters[q]);
	}
	for (size_t i = 0; i < ng; i++) {
		fprintf(fp, "\n%s: %a %a %a %a %a %a %a %a", vmat_agg_group_label(agg, i),
			g[i].index_mean, g[i].index_p25, g[i].index_median, g[i].index_p75,
			g[i].aspiration_mean, g[i].gap_mean, g[i].mindset_ahead_share,
			g[i].completeness_mean);
		for (size_t d = 0; d < nd; d++) {
			fprintf(fp, " %a %a %zu", g[i].dim_mean[d], g[i].dim_median[d], g[i].blocked[d]);
		}
		for (size_t q = 0; q < nq; q++) {
			fprintf(fp, " %a", vmat_agg_quarter_index(agg, i, q));
		}
	}
	fclose(fp);
	vmat_agg_destroy(agg);
	return text;
}

static const char *const by_region[] = { "region" };
static const char *const by_region_year[] = { "region", "year" };
static const char *const by_quarter_segment[] = { "quarter", "segment" };
static const struct vmat_report_options configs[] = {
	{ .by = by_region, .nby = 1, .keep_rows = true, .trend = true },
	{ .by = by_region_year, .nby = 2, .latest = true, .keep_rows = true, .trend = true },
	{ .by = by_quarter_segment, .nby = 2, .min_group = 3, .keep_rows = true, .trend = true },
	{ .by = by_region, .nby = 1, .latest = true, .min_group = 6, .keep_rows = true, .trend = true },
	/* vmat_agg_sink takes their parts in any order */
	{ .by = by_region, .nby = 1, .trend = true },
	{ .by = by_quarter_segment, .nby = 2, .min_group = 3, .trend = true },
};

static char *
whole(const struct corpus *c, const struct vmat_report_options *opt)
{
	struct vmat_agg *agg = agg_new(c, opt);
	add_range(c, agg, 0, c->n);
	return dump(agg, c);
}

static void
assert_same(const char *want, char *got, const char *what, size_t i, size_t j)
{
	if (strcmp(want, got) != 0) {
		print_error("%s at %zu, %zu:\n--- want\n%s\n--- got\n%s\n", what, i, j, want, got);
	}
	assert_string_equal(want, got);
	free(got);
}

/* The first responses added to the aggregate itself, the others to a part. */
static void
test_merge_two_parts(void **state)
{
	(void)state;
	struct corpus c;
	corpus_load(&c);
	for (size_t k = 0; k < COUNT(configs); k++) {
		char *want = whole(&c, &configs[k]);
		for (size_t i = 0; i <= c.n; i++) {
			struct vmat_agg *agg = agg_new(&c, &configs[k]), *part = agg_new(&c, &configs[k]);
			add_range(&c, agg, 0, i);
			add_range(&c, part, i, c.n);
			assert_int_equal(vmat_agg_merge(agg, part), VMAT_OK);
			vmat_agg_destroy(part);
			assert_same(want, dump(agg, &c), "two parts", k, i);
		}
		free(want);
	}
	corpus_free(&c);
}

/* Responses [0, i) in p1 and [i, j) in p2, both filled before either is
 * merged (as on two threads); then the rest in p1 again, reused after its
 * merge. Or, backwards, the rest in the aggregate itself, with p2 merged
 * into it before p1. */
static char *
three_parts(const struct corpus *c, const struct vmat_report_options *opt, size_t i, size_t j,
	    bool backwards)
{
	struct vmat_agg *agg = agg_new(c, opt);
	struct vmat_agg *p1 = agg_new(c, opt), *p2 = agg_new(c, opt);
	add_range(c, p1, 0, i);
	add_range(c, p2, i, j);
	if (backwards) {
		add_range(c, agg, j, c->n);
		assert_int_equal(vmat_agg_merge(agg, p2), VMAT_OK);
		assert_int_equal(vmat_agg_merge(agg, p1), VMAT_OK);
	} else {
		assert_int_equal(vmat_agg_merge(agg, p1), VMAT_OK);
		assert_int_equal(vmat_agg_merge(agg, p2), VMAT_OK);
		add_range(c, p1, j, c->n);
		assert_int_equal(vmat_agg_merge(agg, p1), VMAT_OK);
	}
	vmat_agg_destroy(p1);
	vmat_agg_destroy(p2);
	return dump(agg, c);
}

/* Where the three parts are cut (every cut alone is test_merge_two_parts'):
 * empty parts; parts of 1, 8 (PENDING) and 9 responses, and a last part of
 * fewer than 8, which still wait uncounted when the others are merged into
 * it; tie-first (3) and tie-second (32), Banco del Sur's sample (14) and
 * banco-again (41), each in every part and with its pair in every later
 * one; the no-index response (21) alone. Every pair of these: 45 merges of
 * three parts a configuration, where the 946 pairs of all 43 cuts took 12 s
 * under ASan (issue 14). */
static const size_t cuts[] = { 0, 1, 4, 9, 21, 22, 33, 41, 42 };

/* Without kept rows or --latest, parts merged in any order give the same
 * bytes too: vmat_agg_sink lets each thread keep one part (any_order). */
static void
test_merge_three_parts(void **state)
{
	(void)state;
	struct corpus c;
	corpus_load(&c);
	assert_string_equal(c.r[3]->id, "tie-first");
	assert_memory_equal(c.r[14]->id, "79b14bea-", 9);	/* Banco del Sur, 2011-03-22 */
	assert_string_equal(c.r[21]->id, "no-index");
	assert_string_equal(c.r[32]->id, "tie-second");
	assert_string_equal(c.r[41]->id, "banco-again");
	assert_int_equal(cuts[COUNT(cuts) - 1], c.n);
	for (size_t k = 0; k < COUNT(configs); k++) {
		char *want = whole(&c, &configs[k]);
		bool any_order = !configs[k].keep_rows && !configs[k].latest;
		for (size_t a = 0; a < COUNT(cuts); a++) {
			for (size_t b = a; b < COUNT(cuts); b++) {
				size_t i = cuts[a], j = cuts[b];
				assert_same(want, three_parts(&c, &configs[k], i, j, false),
					    "three parts", i, j);
				if (any_order) {
					assert_same(want, three_parts(&c, &configs[k], i, j, true),
						    "backwards", i, j);
				}
			}
		}
		free(want);
	}
	corpus_free(&c);
}

/* --latest: of the same customer's two responses on one day, on either side
 * of a cut, the later one counts, as in one aggregate. */
static void
test_merge_latest_tie(void **state)
{
	(void)state;
	struct corpus c;
	corpus_load(&c);
	const struct vmat_report_options *opt = &configs[1];
	char *want = whole(&c, opt);
	assert_null(strstr(want, "\ntie-first,"));
	assert_non_null(strstr(want, "\ntie-second,\"Tie \"\"Quoted\"\", Inc\",NA,2012-03-04,"));
	assert_null(strstr(want, "\n79b14bea-"));	/* Banco del Sur on 2011-03-22, in the samples */
	assert_non_null(strstr(want, "\nbanco-again,"));
	/* the cut between the two: tie-first is response 3, tie-second 32 */
	assert_string_equal(c.r[3]->id, "tie-first");
	assert_string_equal(c.r[32]->id, "tie-second");
	for (size_t i = 4; i <= 32; i++) {
		struct vmat_agg *agg = agg_new(&c, opt), *part = agg_new(&c, opt);
		add_range(&c, part, 0, i);
		assert_int_equal(vmat_agg_merge(agg, part), VMAT_OK);
		add_range(&c, part, i, c.n);
		assert_int_equal(vmat_agg_merge(agg, part), VMAT_OK);
		vmat_agg_destroy(part);
		assert_same(want, dump(agg, &c), "latest", i, 0);
	}
	free(want);
	corpus_free(&c);
}

/* --min-group: the groups that fold into "(other)" are known only at the
 * end, from every part. */
static void
test_merge_min_group(void **state)
{
	(void)state;
	struct corpus c;
	corpus_load(&c);
	char *want = whole(&c, &configs[2]);
	assert_non_null(strstr(want, "\n(other),(other),"));
	for (size_t i = 0; i <= c.n; i++) {
		struct vmat_agg *agg = agg_new(&c, &configs[2]);
		for (size_t k = 0; k < c.n; k += i ? i : c.n) {
			struct vmat_agg *part = agg_new(&c, &configs[2]);
			add_range(&c, part, k, k + (i ? i : c.n) < c.n ? k + (i ? i : c.n) : c.n);
			assert_int_equal(vmat_agg_merge(agg, part), VMAT_OK);
			vmat_agg_destroy(part);
		}
		assert_same(want, dump(agg, &c), "parts of", i, 0);
	}
	free(want);
	corpus_free(&c);
}

static size_t
entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	}
	closedir(d);
	return n;
}

/* The n lines after the line `after` in text, each without its last cell. */
static char *
rows_but_last_cell(const char *text, const char *after, size_t n)
{
	const char *p = strstr(text, after);
	assert_non_null(p);
	p += strlen(after);
	char *out = malloc(strlen(p) + 1), *o = out;
	assert_non_null(out);
	for (size_t i = 0; i < n; i++) {
		const char *end = strchr(p, '\n'), *comma = end;
		assert_non_null(end);
		while (comma > p && *comma != ',') {
			comma--;
		}
		memcpy(o, p, (size_t)(comma - p));
		o += comma - p;
		*o++ = '\n';
		p = end + 1;
	}
	*o = '\0';
	return out;
}

/* Files open in dir: those without a name too, which only their
 * descriptor's link in /proc names ("dir/.vmat-rows-XXXXXX (deleted)"). */
static size_t
open_files_in(const char *dir)
{
	DIR *d = opendir("/proc/self/fd");
	assert_non_null(d);
	size_t n = 0, len = strlen(dir);
	for (struct dirent *e; (e = readdir(d));) {
		char fd[300], target[512];
		snprintf(fd, sizeof(fd), "/proc/self/fd/%s", e->d_name);
		ssize_t k = readlink(fd, target, sizeof(target));
		n += k > (ssize_t)len && strncmp(target, dir, len) == 0 && target[len] == '/';
	}
	closedir(d);
	return n;
}

/* keep_rows: more rows than are held in memory (ROWS_IN_MEMORY, 1 MiB) go
 * to a file in tmp_dir, which has no name, and come back in input order.
 * The 42 rows (some 10 KiB) are added again until both aggregates have
 * their file, then twice more, so that some rows are still in memory at the
 * end. (A fixed number of rounds would pass without a file, were the rows
 * smaller or the threshold higher.) */
static void
test_rows_spill_to_file(void **state)
{
	(void)state;
	enum { MAX_ROUNDS = 1000 };	/* bounds the test if nothing is ever spilled */
	struct corpus c;
	corpus_load(&c);
	char dir[] = "/tmp/test_aggregate-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct vmat_report_options opt = configs[0];
	opt.tmp_dir = dir;
	struct vmat_agg *agg = agg_new(&c, &opt), *part = agg_new(&c, &opt);
	struct vmat_agg *direct = agg_new(&c, &opt);
	size_t rounds = 0, spilled = 0;
	while (!spilled || rounds < spilled + 2) {
		assert_true(rounds < MAX_ROUNDS);
		add_range(&c, part, 0, c.n);
		assert_int_equal(vmat_agg_merge(agg, part), VMAT_OK);
		add_range(&c, direct, 0, c.n);
		rounds++;
		if (!spilled && open_files_in(dir) == 2) {
			spilled = rounds;
		}
	}
	assert_int_equal(entries(dir), 0);
	vmat_agg_destroy(part);
	char *merged = dump(agg, &c);
	assert_same(merged, dump(direct, &c), "spilled", 0, 0);
	/* Each row as in one round, but for its percentile. */
	char *once = whole(&c, &opt);
	char *one_round = rows_but_last_cell(once, "index_percentile\n", c.n);
	char *all = rows_but_last_cell(merged, "index_percentile\n", rounds * c.n);
	for (size_t k = 0, len = strlen(one_round); k < rounds; k++) {
		assert_memory_equal(all + k * len, one_round, len);
	}
	assert_int_equal(strlen(all), rounds * strlen(one_round));
	free(all);
	free(one_round);
	free(once);
	free(merged);
	assert_int_equal(rmdir(dir), 0);
	corpus_free(&c);
}

/* vmat_agg_sink: vmat_run() on 1, 2 or 4 threads gives what the responses
 * added in order give. */
static void
test_agg_sink(void **state)
{
	(void)state;
	struct corpus c;
	corpus_load(&c);
	for (size_t k = 0; k < COUNT(configs); k++) {
		struct vmat_agg *agg = agg_new(&c, &configs[k]);
		for (size_t i = 0; i < c.n; i++) {
			if (strlen(c.r[i]->id) == 36) {	/* the samples, not those put among them */
				add_range(&c, agg, i, i + 1);
			}
		}
		char *want = dump(agg, &c);
		for (unsigned threads = 1; threads <= 4; threads *= 2) {
			static const char *const paths[] = { "../../surveys/samples" };
			struct vmat_run_options opt = { .threads = threads };
			struct vmat_run_counts n;
			agg = agg_new(&c, &configs[k]);
			assert_int_equal(vmat_run(c.s, paths, 1, &opt, &vmat_agg_sink, agg, &n), VMAT_OK);
			assert_int_equal(n.valid, 38);
			assert_int_equal(n.invalid, 0);
			assert_same(want, dump(agg, &c), "threads", k, threads);
		}
		free(want);
	}
	corpus_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantiles_type7),
		cmocka_unit_test(test_groups_sorted_and_other_last),
		cmocka_unit_test(test_latest_by_date_then_input_order),
		cmocka_unit_test(test_unknown_by_field),
		cmocka_unit_test(test_customer_sets),
		cmocka_unit_test(test_merge_two_parts),
		cmocka_unit_test(test_merge_three_parts),
		cmocka_unit_test(test_merge_latest_tie),
		cmocka_unit_test(test_merge_min_group),
		cmocka_unit_test(test_rows_spill_to_file),
		cmocka_unit_test(test_agg_sink),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
