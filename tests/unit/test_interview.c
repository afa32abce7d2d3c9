/* interview.c, driven without a terminal: the path of the tmux test
 * (tests/cli/interview-tmux) step by step, then edits that show and hide
 * questions, N/A, notes, going back, required fields, progress, percents,
 * control characters, drafts of an older version of the survey, and drafts on
 * disk: their names, the list of them, the response saved. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

/* The survey of the tmux test: rto is shown when site2 is "yes". */
#define TINY(version, extra)                                                                  \
	"{\"format\": \"vmat-survey/1\", \"id\": \"tiny\", \"version\": " version ","          \
	"\"title\": \"Tiny\","                                                                 \
	"\"stages\": [{\"id\": \"one\", \"name\": \"One\", \"requires\": {\"compute\": 1}},"   \
	"{\"id\": \"two\", \"name\": \"Two\", \"requires\": {\"compute\": 2, "                 \
	"\"availability\": 1}}],"                                                              \
	"\"dimensions\": [{\"id\": \"compute\", \"name\": \"Compute\"},"                       \
	"{\"id\": \"availability\", \"name\": \"Availability\"},"                              \
	"{\"id\": \"ambition\", \"name\": \"Ambition\", \"kind\": \"intent\"}],"               \
	"\"fields\": [{\"id\": \"region\", \"name\": \"Region\", \"required\": true,"          \
	"\"values\": [\"LATAM\", \"NA\", \"EMEA\", \"APJ\"]}],"                                \
	"\"questions\": ["                                                                     \
	"{\"id\": \"pct\", \"type\": \"percent\", \"dimension\": \"compute\","                 \
	"\"text\": \"Share virtualized?\", \"thresholds\": [[0, 0], [30, 1], [70, 2]]},"       \
	"{\"id\": \"site2\", \"type\": \"yesno\", \"text\": \"A second site?\"},"              \
	"{\"id\": \"rto\", \"type\": \"number\", \"dimension\": \"availability\","             \
	"\"text\": \"RTO in hours?\", \"when\": {\"question\": \"site2\", \"in\": [\"yes\"]}," \
	"\"thresholds\": [[4, 2], [24, 1]], \"direction\": \"lower-is-better\"},"              \
	"{\"id\": \"drill\", \"type\": \"choice\", \"dimension\": \"availability\","           \
	"\"text\": \"DR drills?\", \"choices\": ["                                             \
	"{\"id\": \"never\", \"label\": \"Never\", \"level\": 0},"                             \
	"{\"id\": \"yearly\", \"label\": \"Yearly\", \"level\": 2}]},"                         \
	"{\"id\": \"goal\", \"type\": \"scale\", \"min\": 0, \"max\": 4,"                      \
	"\"dimension\": \"ambition\", \"text\": \"Ambition?\"}" extra "]}"

enum { PCT, SITE2, RTO, DRILL, GOAL };
enum { CUSTOMER = 1, REGION, DATE, INTERVIEWER, COUNTRY, SEGMENT, INDUSTRY, CUSTOMER_ID };

struct fixture {
	struct vmat_survey *s;
	struct vmat_interview *iv;
	struct vmat_diags *d;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->s = survey_ok(TINY("1", ""));
	assert_int_equal(vmat_interview_create(&f->iv, f->s), VMAT_OK);
	assert_int_equal(vmat_diags_create(&f->d), VMAT_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	vmat_interview_destroy(f->iv);
	vmat_survey_destroy(f->s);
	vmat_diags_destroy(f->d);
	free(f);
	return 0;
}

/* The one message a refusal left, as text; empties the list. */
static char *
message(struct fixture *f)
{
	assert_int_equal(vmat_diags_count(f->d), 1);
	char *m = strdup(vmat_diags_get(f->d, 0)->msg);
	vmat_diags_clear(f->d);
	return m;
}

static void
refused(struct fixture *f, int rc, const char *want)
{
	assert_int_equal(rc, VMAT_EINVAL);
	char *m = message(f);
	assert_string_equal(m, want);
	free(m);
}

static void
ok(struct fixture *f, int rc)
{
	if (rc != VMAT_OK) {
		char *m = diags_text(f->d);
		print_error("refused: %s", m);
		free(m);
	}
	assert_int_equal(rc, VMAT_OK);
}

static void
answer(struct fixture *f, const char *input)
{
	ok(f, vmat_interview_answer(f->iv, input, f->d));
}

static void
at(struct fixture *f, enum vmat_interview_step step, size_t index)
{
	struct vmat_interview_pos p = vmat_interview_current(f->iv);
	assert_int_equal(p.step, step);
	assert_int_equal(p.index, index);
}

static void
progress(struct fixture *f, size_t position, size_t shown, size_t answered)
{
	struct vmat_interview_progress p;
	vmat_interview_progress(f->iv, &p);
	assert_int_equal(p.position, position);
	assert_int_equal(p.shown, shown);
	assert_int_equal(p.answered, answered);
}

static const char *
ans(struct fixture *f, size_t i)
{
	return vmat_draft_answer(vmat_interview_draft(f->iv), i);
}

static const char *
field(struct fixture *f, size_t i)
{
	return vmat_draft_field(vmat_interview_draft(f->iv), i);
}

/* "1,3": the list a change showed or hid, as text. */
static void
list(const size_t *items, size_t n, const char *want)
{
	char buf[128] = "";
	for (size_t i = 0, o = 0; i < n; i++) {
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%zu", i ? "," : "", items[i]);
	}
	assert_string_equal(buf, want);
}

static void
revealed(struct fixture *f, const char *want)
{
	size_t n;
	const size_t *items = vmat_interview_revealed(f->iv, &n);
	list(items, n, want);
}

static void
hidden(struct fixture *f, const char *want)
{
	size_t n;
	const size_t *items = vmat_interview_hidden(f->iv, &n);
	list(items, n, want);
}

static void
unanswered(struct fixture *f, const char *want)
{
	size_t n;
	const size_t *items = vmat_interview_unanswered(f->iv, &n);
	list(items, n, want);
}

/* The fields of the tmux test; ends at the first question. */
static void
fields(struct fixture *f)
{
	at(f, VMAT_STEP_FIELD, CUSTOMER);
	answer(f, "Minera Ñandú, S.A.");
	at(f, VMAT_STEP_FIELD, REGION);
	refused(f, vmat_interview_answer(f->iv, "Atlantis", f->d),
		"unknown region \"Atlantis\" (expected: LATAM, NA, EMEA, APJ)");
	at(f, VMAT_STEP_FIELD, REGION);
	answer(f, "1");
	assert_string_equal(field(f, REGION), "LATAM");
	answer(f, "2010-05-12");
	answer(f, "Gustavo");
	for (size_t i = COUNTRY; i <= CUSTOMER_ID; i++) {
		at(f, VMAT_STEP_FIELD, i);
		answer(f, "");
		assert_null(field(f, i));
	}
	at(f, VMAT_STEP_QUESTION, PCT);
}

/* Every step of tests/cli/interview-tmux, in one run (the tmux test stops
 * and resumes midway; test_resume_same_version covers that). */
static void
test_tmux_path(void **state)
{
	struct fixture *f = *state;
	fields(f);
	progress(f, 1, 4, 0);	/* "[1/4]": rto hidden until site2 is "yes" */
	refused(f, vmat_interview_answer(f->iv, "abc", f->d), "expected a number, got \"abc\"");
	answer(f, "45");
	at(f, VMAT_STEP_QUESTION, SITE2);
	answer(f, "y");
	assert_string_equal(ans(f, SITE2), "yes");
	revealed(f, "2");
	hidden(f, "");
	at(f, VMAT_STEP_QUESTION, RTO);
	progress(f, 3, 5, 2);	/* "[3/5] Availability" */
	ok(f, vmat_interview_set_note(f->iv, RTO, "Quake in February", f->d));
	at(f, VMAT_STEP_QUESTION, RTO);
	answer(f, "12");
	at(f, VMAT_STEP_QUESTION, DRILL);

	/* < < n: back to site2, whose "no" hides rto, answered */
	assert_true(vmat_interview_back(f->iv));
	at(f, VMAT_STEP_QUESTION, RTO);
	assert_true(vmat_interview_back(f->iv));
	at(f, VMAT_STEP_QUESTION, SITE2);
	answer(f, "n");
	revealed(f, "");
	hidden(f, "2");
	assert_false(vmat_interview_shown(f->iv, RTO));
	assert_string_equal(ans(f, RTO), "12");	/* kept, ignored (reference §1) */
	at(f, VMAT_STEP_QUESTION, DRILL);
	progress(f, 3, 4, 2);

	ok(f, vmat_interview_not_applicable(f->iv, "3: no budget", f->d));
	assert_string_equal(ans(f, DRILL), "n/a:constraint: no budget");
	assert_true(vmat_interview_shown(f->iv, DRILL));	/* still in the review */
	at(f, VMAT_STEP_QUESTION, GOAL);
	ok(f, vmat_interview_skip(f->iv, f->d));
	at(f, VMAT_STEP_REVIEW, 0);
	unanswered(f, "4");

	/* the review: 12 changes Ambition */
	ok(f, vmat_interview_edit(f->iv, (struct vmat_interview_pos){ VMAT_STEP_QUESTION, GOAL },
				  f->d));
	at(f, VMAT_STEP_QUESTION, GOAL);
	progress(f, 4, 4, 3);
	answer(f, "4");
	at(f, VMAT_STEP_REVIEW, 0);
	unanswered(f, "");

	const struct vmat_result *r = vmat_interview_result(f->iv);
	assert_int_equal(r->stage, 1);
	assert_near(r->gap, 1);
	assert_int_equal(r->nblockers, 2);
	const struct vmat_response *resp;
	ok(f, vmat_interview_response(f->iv, true, &resp, f->d));
	assert_string_equal(resp->fields[CUSTOMER], "Minera Ñandú, S.A.");
	assert_string_equal(resp->fields[INTERVIEWER], "Gustavo");
	assert_string_equal(resp->notes[RTO], "Quake in February");
	assert_int_equal(resp->answers[DRILL].state, VMAT_NOT_APPLICABLE);
	assert_string_equal(resp->answers[DRILL].text, "constraint: no budget");
	assert_near(resp->answers[GOAL].number, 4);
	assert_int_equal(strlen(resp->id), 36);	/* a UUID, made */
}

/* Answers up to the review: site2 "no", so rto is hidden. */
static void
to_review(struct fixture *f, const char *site2)
{
	fields(f);
	answer(f, "45");
	answer(f, site2);
	if (strcmp(site2, "y") == 0) {
		answer(f, "12");
	}
	answer(f, "2");
	answer(f, "3");
	at(f, VMAT_STEP_REVIEW, 0);
}

static struct vmat_interview_pos
question(size_t i)
{
	return (struct vmat_interview_pos){ .step = VMAT_STEP_QUESTION, .index = i };
}

/* Issue 15: a "yes" in the review whose follow-up was left "(skipped)". */
static void
test_edit_reveals_follow_up(void **state)
{
	struct fixture *f = *state;
	to_review(f, "n");
	progress(f, 0, 4, 4);
	ok(f, vmat_interview_edit(f->iv, question(SITE2), f->d));
	answer(f, "y");
	revealed(f, "2");
	at(f, VMAT_STEP_QUESTION, RTO);	/* asked at once */
	progress(f, 3, 5, 4);
	unanswered(f, "2");
	answer(f, "4");
	at(f, VMAT_STEP_REVIEW, 0);
	unanswered(f, "");
	assert_near(vmat_interview_result(f->iv)->scores[1], 2);	/* rto 4 h: level 2 */

	/* < at the follow-up leaves it unanswered, back in the review */
	ok(f, vmat_interview_edit(f->iv, question(SITE2), f->d));
	answer(f, "n");
	ok(f, vmat_interview_edit(f->iv, question(SITE2), f->d));
	answer(f, "y");
	at(f, VMAT_STEP_REVIEW, 0);	/* rto kept its 4: nothing to ask */
	ok(f, vmat_interview_edit(f->iv, question(RTO), f->d));
	ok(f, vmat_interview_skip(f->iv, f->d));
	at(f, VMAT_STEP_REVIEW, 0);
	ok(f, vmat_interview_edit(f->iv, question(SITE2), f->d));
	answer(f, "n");
	ok(f, vmat_interview_edit(f->iv, question(SITE2), f->d));
	answer(f, "y");
	at(f, VMAT_STEP_QUESTION, RTO);
	assert_true(vmat_interview_back(f->iv));
	at(f, VMAT_STEP_REVIEW, 0);
	unanswered(f, "2");

	/* before saving: the unanswered are asked, then the review */
	assert_int_equal(vmat_interview_ask_unanswered(f->iv), 1);
	at(f, VMAT_STEP_QUESTION, RTO);
	answer(f, "30");
	at(f, VMAT_STEP_REVIEW, 0);
	assert_int_equal(vmat_interview_ask_unanswered(f->iv), 0);
	at(f, VMAT_STEP_REVIEW, 0);
}

/* A question whose `when` refers to a question an edit hides is hidden too;
 * their answers stay, and come back with the edit undone. */
static void
test_edit_hides_answered(void **state)
{
	struct fixture *f = *state;
	vmat_interview_destroy(f->iv);
	vmat_survey_destroy(f->s);
	f->s = survey_ok(TINY("1", ",{\"id\": \"tested\", \"type\": \"yesno\", \"text\": \"Tested?\","
				   "\"when\": {\"question\": \"rto\", \"max\": 24}}"));
	assert_int_equal(vmat_interview_create(&f->iv, f->s), VMAT_OK);
	fields(f);
	answer(f, "45");
	answer(f, "y");
	answer(f, "12");
	answer(f, "2");
	answer(f, "3");
	at(f, VMAT_STEP_QUESTION, 5);
	revealed(f, "");
	answer(f, "yes");
	at(f, VMAT_STEP_REVIEW, 0);
	progress(f, 0, 6, 6);

	ok(f, vmat_interview_edit(f->iv, question(SITE2), f->d));
	answer(f, "n");
	hidden(f, "2,5");
	revealed(f, "");
	at(f, VMAT_STEP_REVIEW, 0);
	progress(f, 0, 4, 4);
	assert_string_equal(ans(f, RTO), "12");
	assert_string_equal(ans(f, 5), "yes");
	assert_int_equal(vmat_interview_edit(f->iv, question(RTO), f->d), VMAT_EINVAL);
	char *m = message(f);
	assert_string_equal(m, "question \"rto\" is hidden: the answers do not show it");
	free(m);

	ok(f, vmat_interview_edit(f->iv, question(SITE2), f->d));
	answer(f, "y");
	revealed(f, "2,5");
	at(f, VMAT_STEP_REVIEW, 0);	/* both answered already */
	progress(f, 0, 6, 6);

	/* rto 30 hides tested: the change lists say so, the answer stays */
	ok(f, vmat_interview_edit(f->iv, question(RTO), f->d));
	answer(f, "30");
	hidden(f, "5");
	at(f, VMAT_STEP_REVIEW, 0);
	assert_string_equal(ans(f, 5), "yes");
}

static void
test_back(void **state)
{
	struct fixture *f = *state;
	assert_false(vmat_interview_back(f->iv));	/* at the first field */
	at(f, VMAT_STEP_FIELD, CUSTOMER);
	answer(f, "Andes Retail");
	assert_true(vmat_interview_back(f->iv));
	at(f, VMAT_STEP_FIELD, CUSTOMER);
	answer(f, "");	/* keeps "Andes Retail" */
	at(f, VMAT_STEP_FIELD, REGION);
	answer(f, "NA");
	answer(f, "2010-05-12");
	for (int i = 0; i < 5; i++) {
		answer(f, "");
	}
	at(f, VMAT_STEP_QUESTION, PCT);
	/* at the first question: back to the last field */
	assert_true(vmat_interview_back(f->iv));
	at(f, VMAT_STEP_FIELD, CUSTOMER_ID);
	answer(f, "C-7");
	assert_string_equal(field(f, CUSTOMER_ID), "C-7");
	at(f, VMAT_STEP_QUESTION, PCT);
	answer(f, "45");
	answer(f, "n");
	at(f, VMAT_STEP_QUESTION, DRILL);
	assert_true(vmat_interview_back(f->iv));	/* over rto, hidden */
	at(f, VMAT_STEP_QUESTION, SITE2);
	answer(f, "");
	answer(f, "1");
	answer(f, "0");
	at(f, VMAT_STEP_REVIEW, 0);
	assert_true(vmat_interview_back(f->iv));	/* from the review: the last */
	at(f, VMAT_STEP_QUESTION, GOAL);
	assert_string_equal(ans(f, GOAL), "0");
}

static void
test_required_fields(void **state)
{
	struct fixture *f = *state;
	size_t n;
	const size_t *missing = vmat_interview_missing_fields(f->iv, &n);
	list(missing, n, "1,2,3");
	struct vmat_interview_progress p;
	vmat_interview_progress(f->iv, &p);
	assert_int_equal(p.fields_missing, 3);
	refused(f, vmat_interview_keep(f->iv, f->d), "Customer is required");
	refused(f, vmat_interview_answer(f->iv, " \t", f->d), "Customer is required");
	refused(f, vmat_interview_skip(f->iv, f->d), "Customer is required");
	at(f, VMAT_STEP_FIELD, CUSTOMER);
	answer(f, "Andes Retail");
	missing = vmat_interview_missing_fields(f->iv, &n);
	list(missing, n, "2,3");
	answer(f, "APJ");
	refused(f, vmat_interview_answer(f->iv, "2010-02-30", f->d),
		"\"2010-02-30\" is not a date written YYYY-MM-DD");
	answer(f, "2010-02-28");
	missing = vmat_interview_missing_fields(f->iv, &n);
	list(missing, n, "");
	ok(f, vmat_interview_skip(f->iv, f->d));	/* interviewer: optional */
	at(f, VMAT_STEP_FIELD, COUNTRY);

	/* a draft without them cannot be saved as complete */
	struct vmat_interview *iv;
	const struct vmat_response *r;
	assert_int_equal(vmat_interview_create(&iv, f->s), VMAT_OK);
	assert_int_equal(vmat_interview_response(iv, false, &r, f->d), VMAT_OK);
	assert_int_equal(vmat_interview_response(iv, true, &r, f->d), VMAT_EINVAL);
	char *text = diags_text(f->d);
	assert_string_equal(text, "draft: error: missing required field \"customer\"\n"
				  "draft: error: missing required field \"region\"\n"
				  "draft: error: missing required field \"date\"\n");
	free(text);
	vmat_interview_destroy(iv);
}

static void
test_questions_keep_and_skip(void **state)
{
	struct fixture *f = *state;
	fields(f);
	refused(f, vmat_interview_keep(f->iv, f->d), "no answer to keep");
	refused(f, vmat_interview_answer(f->iv, "", f->d), "no answer to keep");
	at(f, VMAT_STEP_QUESTION, PCT);
	ok(f, vmat_interview_skip(f->iv, f->d));
	at(f, VMAT_STEP_QUESTION, SITE2);
	progress(f, 2, 4, 0);
	refused(f, vmat_interview_answer(f->iv, "maybe", f->d),
		"expected \"yes\" or \"no\", got \"maybe\"");
	answer(f, "YES");
	assert_string_equal(ans(f, SITE2), "yes");
	answer(f, " 12 ");
	assert_string_equal(ans(f, RTO), "12");
	refused(f, vmat_interview_answer(f->iv, "3", f->d),
		"unknown choice \"3\" (expected: never, yearly)");
	refused(f, vmat_interview_answer(f->iv, "Yearly!", f->d),
		"unknown choice \"Yearly!\" (expected: never, yearly)");
	answer(f, "YEARLY");	/* the label, case aside, as import reads it */
	assert_string_equal(ans(f, DRILL), "yearly");
	refused(f, vmat_interview_answer(f->iv, "5", f->d),
		"expected an integer from 0 to 4, got 5");
	refused(f, vmat_interview_answer(f->iv, "2.5", f->d),
		"expected an integer from 0 to 4, got 2.5");
	answer(f, "2");
	at(f, VMAT_STEP_REVIEW, 0);
	progress(f, 0, 5, 4);
	unanswered(f, "0");
	refused(f, vmat_interview_answer(f->iv, "1", f->d),
		"nothing is being asked: this is the review");
	refused(f, vmat_interview_skip(f->iv, f->d), "nothing is being asked: this is the review");
	refused(f, vmat_interview_not_applicable(f->iv, "", f->d),
		"only a question can be not applicable");
}

static void
test_percent(void **state)
{
	struct fixture *f = *state;
	fields(f);
	static const struct {
		const char *in, *stored;
	} good[] = {
		{ "45", "45" }, { "45%", "45" }, { "45 %", "45" }, { " 45\t%  ", "45" },
		{ "0.45", "0.45" }, { "100%", "100" }, { "0", "0" }, { "12.5 %", "12.5" },
	};
	for (size_t i = 0; i < COUNT(good); i++) {
		ok(f, vmat_interview_edit(f->iv, question(PCT), f->d));
		answer(f, good[i].in);
		assert_string_equal(ans(f, PCT), good[i].stored);
	}
	static const struct {
		const char *in, *msg;
	} bad[] = {
		{ "0,45", "expected a number with \".\" for decimals and no thousands separator, "
			  "got \"0,45\"" },
		{ "45,5 %", "expected a number with \".\" for decimals and no thousands separator, "
			    "got \"45,5\"" },
		{ "45%%", "expected a number, got \"45%\"" },
		{ "%", "expected a number, got \"%\"" },
		{ "% 45", "expected a number, got \"% 45\"" },
		{ "101%", "expected a number from 0 to 100, got 101" },
		{ "-1 %", "expected a number from 0 to 100, got -1" },
		{ "forty", "expected a number, got \"forty\"" },
	};
	ok(f, vmat_interview_edit(f->iv, question(PCT), f->d));
	for (size_t i = 0; i < COUNT(bad); i++) {
		refused(f, vmat_interview_answer(f->iv, bad[i].in, f->d), bad[i].msg);
		assert_string_equal(ans(f, PCT), "12.5");
	}
}

/* The same rule in vmat import: one test, two front ends. */
static void
test_percent_import_agrees(void **state)
{
	struct fixture *f = *state;
	char dir[] = "/tmp/vmat-test-XXXXXX", csv[64], map[64], cmd[256];
	assert_non_null(mkdtemp(dir));
	snprintf(csv, sizeof(csv), "%s/form.csv", dir);
	snprintf(map, sizeof(map), "%s/map.json", dir);
	FILE *fp = fopen(csv, "w");
	fputs("Company,Region,Date,Share\n"
	      "A,LATAM,2010-05-12,45%\n"
	      "B,LATAM,2010-05-12,45 %\n"
	      "C,LATAM,2010-05-12,\"0,45\"\n"
	      "D,LATAM,2010-05-12,45%%\n", fp);
	fclose(fp);
	fp = fopen(map, "w");
	fputs("{\"format\": \"vmat-import-map/1\", \"columns\": {\"Company\": {\"field\": "
	      "\"customer\"}, \"Region\": {\"field\": \"region\"}, \"Date\": {\"field\": "
	      "\"date\"}, \"Share\": {\"question\": \"pct\"}}}", fp);
	fclose(fp);
	struct vmat_import_counts counts = { 0 };
	assert_int_equal(vmat_import(f->s, csv, map, dir, true, &counts, f->d), VMAT_OK);
	assert_int_equal(counts.written, 2);
	assert_int_equal(counts.invalid, 2);
	char *text = diags_text(f->d);
	char want[1024];
	snprintf(want, sizeof(want),
		 "%s:4: error: column \"Share\": expected a number with \".\" for decimals and "
		 "no thousands separator, got \"0,45\"\n"
		 "%s:4: warning: row left out\n"
		 "%s:5: error: column \"Share\": expected a number, got \"45%%\"\n"
		 "%s:5: warning: row left out\n",
		 csv, csv, csv, csv);
	assert_string_equal(text, want);
	free(text);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_not_applicable(void **state)
{
	struct fixture *f = *state;
	fields(f);
	answer(f, "45");
	ok(f, vmat_interview_not_applicable(f->iv, "", f->d));
	assert_string_equal(ans(f, SITE2), "n/a");
	/* site2 N/A: rto's `when` no longer holds; site2 itself stays shown */
	assert_true(vmat_interview_shown(f->iv, SITE2));
	assert_false(vmat_interview_shown(f->iv, RTO));
	assert_false(vmat_interview_result(f->iv)->visible[SITE2]);
	at(f, VMAT_STEP_QUESTION, DRILL);
	progress(f, 3, 4, 2);
	refused(f, vmat_interview_not_applicable(f->iv, "lazy", f->d),
		"not-applicable reason \"lazy\" is not one of out-of-scope, business-priority, "
		"constraint, other (optionally followed by \": text\")");
	refused(f, vmat_interview_not_applicable(f->iv, "5", f->d),
		"not-applicable reason \"5\" is not one of out-of-scope, business-priority, "
		"constraint, other (optionally followed by \": text\")");
	at(f, VMAT_STEP_QUESTION, DRILL);
	ok(f, vmat_interview_not_applicable(f->iv, " 1 ", f->d));
	assert_string_equal(ans(f, DRILL), "n/a:out-of-scope");
	ok(f, vmat_interview_not_applicable(f->iv, "other :  not our call ", f->d));
	assert_string_equal(ans(f, GOAL), "n/a:other: not our call");
	at(f, VMAT_STEP_REVIEW, 0);
	progress(f, 0, 4, 4);
	/* typed as an answer, as bulk CSV reads it */
	ok(f, vmat_interview_edit(f->iv, question(DRILL), f->d));
	answer(f, "n/a:business-priority");
	assert_string_equal(ans(f, DRILL), "n/a:business-priority");
	ok(f, vmat_interview_edit(f->iv, question(SITE2), f->d));
	answer(f, "y");
	at(f, VMAT_STEP_QUESTION, RTO);
}

static void
test_notes(void **state)
{
	struct fixture *f = *state;
	fields(f);
	ok(f, vmat_interview_set_note(f->iv, PCT, "  from the CMDB ", f->d));
	const struct vmat_draft *d = vmat_interview_draft(f->iv);
	assert_string_equal(vmat_draft_note(d, PCT), "from the CMDB");
	at(f, VMAT_STEP_QUESTION, PCT);	/* a note does not move on */
	ok(f, vmat_interview_set_note(f->iv, GOAL, "ask the CIO", f->d));	/* any question */
	assert_string_equal(vmat_draft_note(d, GOAL), "ask the CIO");
	refused(f, vmat_interview_set_note(f->iv, GOAL, "bell\a", f->d),
		"control character U+0007 in \"bell\\x07\"");
	assert_string_equal(vmat_draft_note(d, GOAL), "ask the CIO");
	ok(f, vmat_interview_set_note(f->iv, GOAL, "", f->d));
	assert_null(vmat_draft_note(d, GOAL));
	/* a long note is kept whole: nothing cuts what was typed */
	char *long_note = malloc(10001);
	memset(long_note, 'x', 10000);
	long_note[10000] = '\0';
	ok(f, vmat_interview_set_note(f->iv, GOAL, long_note, f->d));
	assert_string_equal(vmat_draft_note(d, GOAL), long_note);
	free(long_note);
	/* the formula guard's "'" is the reader's to drop, not a typed one */
	ok(f, vmat_interview_set_note(f->iv, SITE2, "'=SUM(A1)", f->d));
	assert_string_equal(vmat_draft_note(d, SITE2), "'=SUM(A1)");
	ok(f, vmat_interview_set_note(f->iv, DRILL, "''", f->d));
	/* a note on an unanswered question is kept with it */
	ok(f, vmat_interview_skip(f->iv, f->d));
	const struct vmat_response *r;
	ok(f, vmat_interview_response(f->iv, true, &r, f->d));
	assert_string_equal(r->notes[PCT], "from the CMDB");
	assert_int_equal(r->answers[PCT].state, VMAT_UNANSWERED);
	assert_string_equal(r->notes[SITE2], "'=SUM(A1)");
	assert_string_equal(r->notes[DRILL], "''");
}

/* Issue 15: "Banco del Sux\e[Dr", an arrow key at a terminal that does not edit. */
static void
test_control_characters(void **state)
{
	struct fixture *f = *state;
	refused(f, vmat_interview_answer(f->iv, "Banco del Sux\x1b[Dr", f->d),
		"control character U+001B in \"Banco del Sux\\x1b[Dr\"");
	refused(f, vmat_interview_answer(f->iv, "Banco\tdel Sur", f->d),
		"control character U+0009 in \"Banco\\x09del Sur\"");
	refused(f, vmat_interview_answer(f->iv, "Banco\x7f", f->d),
		"control character U+007F in \"Banco\\x7f\"");
	refused(f, vmat_interview_answer(f->iv, "Banco \xc2\x9b" "D", f->d),
		"control character U+009B in \"Banco \\u009bD\"");	/* escaped */
	refused(f, vmat_interview_answer(f->iv, "Banco \xff", f->d),
		"\"Banco \\xff\" is not valid UTF-8");
	assert_null(field(f, CUSTOMER));
	at(f, VMAT_STEP_FIELD, CUSTOMER);
	answer(f, "Banco del Sur");
	refused(f, vmat_interview_answer(f->iv, "\x1b[A", f->d),
		"control character U+001B in \"\\x1b[A\"");
	answer(f, "LATAM");
	answer(f, "2010-05-12");
	refused(f, vmat_interview_answer(f->iv, "Gus\x1b[Dtavo", f->d),
		"control character U+001B in \"Gus\\x1b[Dtavo\"");
	for (int i = 0; i < 4; i++) {
		answer(f, "");
	}
	refused(f, vmat_interview_answer(f->iv, "4\x1b[D5", f->d),
		"control character U+001B in \"4\\x1b[D5\"");
	answer(f, "45");
	refused(f, vmat_interview_not_applicable(f->iv, "3: no\x1b[D budget", f->d),
		"control character U+001B in \"n/a:constraint: no\\x1b[D budget\"");
	assert_null(ans(f, SITE2));
	/* the no-break space and accents are text, not controls */
	ok(f, vmat_interview_set_note(f->iv, SITE2, "São\xc2\xa0Paulo", f->d));
}

static void
test_choices_by_number(void **state)
{
	struct fixture *f = *state;
	vmat_interview_destroy(f->iv);
	vmat_survey_destroy(f->s);
	f->s = survey_ok(TINY("1", ",{\"id\": \"tools\", \"type\": \"multi\", \"text\": \"Tools?\","
				   "\"choices\": [{\"id\": \"vcenter\", \"label\": \"vCenter\"},"
				   "{\"id\": \"scvmm\", \"label\": \"SCVMM\"},"
				   "{\"id\": \"scripts\", \"label\": \"Scripts\"}]},"
				   "{\"id\": \"comment\", \"type\": \"text\", \"text\": \"More?\"}"));
	assert_int_equal(vmat_interview_create(&f->iv, f->s), VMAT_OK);
	fields(f);
	answer(f, "45");
	answer(f, "TRUE");
	assert_string_equal(ans(f, SITE2), "yes");
	assert_true(vmat_interview_back(f->iv));
	answer(f, "false");
	assert_string_equal(ans(f, SITE2), "no");
	answer(f, "1");
	assert_string_equal(ans(f, DRILL), "never");
	answer(f, "4");
	at(f, VMAT_STEP_QUESTION, 5);
	answer(f, "1, 3");
	assert_string_equal(ans(f, 5), "vcenter;scripts");
	assert_true(vmat_interview_back(f->iv));
	answer(f, "scvmm 1");
	assert_string_equal(ans(f, 5), "scvmm;vcenter");
	assert_true(vmat_interview_back(f->iv));
	answer(f, "Scripts;VCENTER");	/* labels */
	assert_string_equal(ans(f, 5), "scripts;vcenter");
	assert_true(vmat_interview_back(f->iv));
	refused(f, vmat_interview_answer(f->iv, "1,1", f->d), "choice \"vcenter\" given twice");
	refused(f, vmat_interview_answer(f->iv, "4", f->d),
		"unknown choice \"4\" (expected: vcenter, scvmm, scripts)");
	answer(f, "");
	at(f, VMAT_STEP_QUESTION, 6);
	refused(f, vmat_interview_answer(f->iv, "line\none", f->d),
		"control character U+000A in \"line\\x0aone\"");
	answer(f, "'+5 hosts");
	assert_string_equal(ans(f, 6), "'+5 hosts");
	const struct vmat_response *r;
	ok(f, vmat_interview_response(f->iv, true, &r, f->d));
	assert_string_equal(r->answers[6].text, "'+5 hosts");
	ok(f, vmat_interview_edit(f->iv, question(6), f->d));
	answer(f, "  Mostly VMware; 1,000 VMs ");
	assert_string_equal(ans(f, 6), "Mostly VMware; 1,000 VMs");
}

/* Tab's candidates for typed, as "word start|cand1,cand2". */
static void
completes(struct fixture *f, const char *typed, const char *want)
{
	char buf[256];
	size_t start, n;
	const char *const *w = vmat_interview_complete(f->iv, typed, &start, &n);
	int o = snprintf(buf, sizeof(buf), "%s|", typed + start);
	for (size_t i = 0; i < n; i++) {
		o += snprintf(buf + o, sizeof(buf) - (size_t)o, "%s%s", i ? "," : "", w[i]);
	}
	assert_string_equal(buf, want);
}

/* Issue 15 part 2: what Tab completes at each step. */
static void
test_complete(void **state)
{
	struct fixture *f = *state;
	vmat_interview_destroy(f->iv);
	vmat_survey_destroy(f->s);
	f->s = survey_ok(TINY("1", ",{\"id\": \"tools\", \"type\": \"multi\", \"text\": \"Tools?\","
				   "\"choices\": [{\"id\": \"vcenter\", \"label\": \"vCenter\"},"
				   "{\"id\": \"scvmm\", \"label\": \"SCVMM\"},"
				   "{\"id\": \"scripts\", \"label\": \"Scripts\"}]}"));
	assert_int_equal(vmat_interview_create(&f->iv, f->s), VMAT_OK);
	completes(f, "Min", "Min|");	/* customer: any value goes */
	answer(f, "Minera");
	completes(f, "EM", "EM|EMEA");
	completes(f, "  em", "em|EMEA");	/* case aside, blanks dropped */
	completes(f, "", "|LATAM,NA,EMEA,APJ");
	completes(f, "A", "A|APJ");
	completes(f, "X", "X|");
	answer(f, "2");
	completes(f, "2010", "2010|");	/* date */
	answer(f, "2010-05-12");
	answer(f, "");	/* interviewer */
	/* country: the names of Debian's iso-codes table */
	completes(f, "Chil", "Chil|Chile");
	completes(f, "Per", "Per|Peru");
	for (size_t i = INTERVIEWER + 1; i <= CUSTOMER_ID; i++) {
		answer(f, "");
	}
	at(f, VMAT_STEP_QUESTION, PCT);
	completes(f, "4", "4|");
	answer(f, "45");
	completes(f, "", "|yes,no");
	completes(f, "Y", "Y|yes");
	answer(f, "n");
	at(f, VMAT_STEP_QUESTION, DRILL);
	completes(f, "", "|never,yearly");
	completes(f, "ye", "ye|yearly");
	completes(f, "never ", "never |");	/* a choice is one word */
	answer(f, "yearly");
	completes(f, "3", "3|");	/* scale */
	answer(f, "3");
	at(f, VMAT_STEP_QUESTION, 5);
	completes(f, "sc", "sc|scvmm,scripts");
	completes(f, "1, sc", "sc|scvmm,scripts");
	completes(f, "scvmm,", "|vcenter,scripts");	/* not twice */
	completes(f, "vcenter;SCVMM s", "s|scripts");
	answer(f, "1");
	at(f, VMAT_STEP_REVIEW, 0);
	completes(f, "w", "w|");
}

/* Writes text to a temporary draft file; returns its path (static). */
static const char *
draft_file(const char *text)
{
	static char path[] = "/tmp/vmat-draft-XXXXXX";
	strcpy(path, "/tmp/vmat-draft-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* The Ctrl-C of the tmux test: saved, resumed where it stopped. */
static void
test_resume_same_version(void **state)
{
	struct fixture *f = *state;
	fields(f);
	answer(f, "45");
	answer(f, "y");
	ok(f, vmat_interview_set_note(f->iv, RTO, "Quake in February", f->d));
	ok(f, vmat_interview_set_note(f->iv, PCT, "'@ the CMDB", f->d));
	answer(f, "12");
	char *json = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&json, &len);
	const struct vmat_response *r;
	ok(f, vmat_interview_response(f->iv, false, &r, f->d));
	vmat_response_write_json(fp, f->s, r);
	fclose(fp);
	const char *path = draft_file(json);
	free(json);
	struct vmat_interview *iv;
	ok(f, vmat_interview_resume(&iv, f->s, path, f->d));
	assert_int_equal(vmat_diags_count(f->d), 0);
	unlink(path);
	vmat_interview_destroy(f->iv);
	f->iv = iv;
	at(f, VMAT_STEP_QUESTION, DRILL);
	progress(f, 4, 5, 3);
	assert_string_equal(field(f, CUSTOMER), "Minera Ñandú, S.A.");
	assert_string_equal(ans(f, RTO), "12");
	assert_string_equal(vmat_draft_note(vmat_interview_draft(iv), RTO), "Quake in February");
	assert_string_equal(vmat_draft_note(vmat_interview_draft(iv), PCT), "'@ the CMDB");
	revealed(f, "");
	assert_true(vmat_interview_back(iv));
	at(f, VMAT_STEP_QUESTION, RTO);
}

/* A draft made with version 1 of a survey, resumed with version 2: rto
 * became a choice, drill lost "monthly", "old" went, region lost nothing
 * but the draft had a control character in the customer. */
static void
test_resume_older_version(void **state)
{
	struct fixture *f = *state;
	vmat_survey_destroy(f->s);
	f->s = survey_ok(
		"{\"format\": \"vmat-survey/1\", \"id\": \"tiny\", \"version\": 2, \"title\": \"T\","
		"\"stages\": [{\"id\": \"one\", \"name\": \"One\", \"requires\": {\"compute\": 1}}],"
		"\"dimensions\": [{\"id\": \"compute\", \"name\": \"Compute\"}],"
		"\"fields\": [{\"id\": \"region\", \"name\": \"Region\", \"required\": true,"
		"\"values\": [\"LATAM\", \"NA\"]}],"
		"\"questions\": ["
		"{\"id\": \"pct\", \"type\": \"percent\", \"dimension\": \"compute\", \"text\": \"P\","
		"\"thresholds\": [[0, 0], [30, 1]]},"
		"{\"id\": \"site2\", \"type\": \"yesno\", \"text\": \"S\"},"
		"{\"id\": \"rto\", \"type\": \"choice\", \"text\": \"R\","
		"\"when\": {\"question\": \"site2\", \"in\": [\"yes\"]},"
		"\"choices\": [{\"id\": \"hours\", \"label\": \"Hours\"},"
		"{\"id\": \"days\", \"label\": \"Days\"}]},"
		"{\"id\": \"drill\", \"type\": \"choice\", \"text\": \"D\", \"choices\": ["
		"{\"id\": \"never\", \"label\": \"Never\"}, {\"id\": \"yearly\", \"label\": \"Y\"}]},"
		"{\"id\": \"tools\", \"type\": \"multi\", \"text\": \"T\", \"choices\": ["
		"{\"id\": \"a\", \"label\": \"A\"}, {\"id\": \"b\", \"label\": \"B\"}]},"
		"{\"id\": \"new\", \"type\": \"scale\", \"min\": 1, \"max\": 5, \"text\": \"N\"}]}");
	const char *path = draft_file(
		"{\n"
		"  \"format\": \"vmat-response/1\",\n"
		"  \"survey\": \"tiny\",\n"
		"  \"survey_version\": 1,\n"
		"  \"id\": \"5b1c0e1e-7d2a-4c4e-9a57-3f0f1b2c3d4e\",\n"
		"  \"customer\": \"Banco del Sux\\u001b[Dr\",\n"
		"  \"region\": \"latam\",\n"
		"  \"date\": \"2010-05-12\",\n"
		"  \"vendor\": \"Acme\",\n"
		"  \"answers\": {\n"
		"    \"pct\": 45,\n"
		"    \"site2\": true,\n"
		"    \"rto\": 12,\n"
		"    \"drill\": \"monthly\",\n"
		"    \"tools\": [\"b\", \"a\"],\n"
		"    \"old\": {\"na\": \"constraint: no budget\"}\n"
		"  },\n"
		"  \"notes\": {\"old\": \"ask again\", \"drill\": \"twice a year?\"}\n"
		"}\n");
	struct vmat_interview *iv;
	ok(f, vmat_interview_resume(&iv, f->s, path, f->d));
	vmat_interview_destroy(f->iv);
	f->iv = iv;
	char *text = diags_text(f->d);
	char want[2048];
	snprintf(want, sizeof(want),
		 "%s:4:21: warning: survey_version: the draft was started with version 1 of "
		 "survey \"tiny\"; it goes on with version 2\n"
		 "%s:6:15: warning: customer: value \"Banco del Sux\\x1b[Dr\" dropped: control "
		 "character U+001B in \"Banco del Sux\\x1b[Dr\"\n"
		 "%s:9:13: warning: vendor: value \"Acme\" dropped: survey \"tiny\" version 2 has "
		 "no field \"vendor\"\n"
		 "%s:13:12: warning: answers.rto: answer \"12\" dropped: unknown choice \"12\" "
		 "(expected: hours, days)\n"
		 "%s:14:14: warning: answers.drill: answer \"monthly\" dropped: unknown choice "
		 "\"monthly\" (expected: never, yearly)\n"
		 "%s:16:12: warning: answers.old: answer \"n/a:constraint: no budget\" dropped: "
		 "survey \"tiny\" version 2 has no question \"old\"\n"
		 "%s:18:20: warning: notes.old: note \"ask again\" dropped: survey \"tiny\" "
		 "version 2 has no question \"old\"\n",
		 path, path, path, path, path, path, path);
	assert_string_equal(text, want);
	free(text);
	unlink(path);
	assert_string_equal(field(f, 0), "5b1c0e1e-7d2a-4c4e-9a57-3f0f1b2c3d4e");
	assert_null(field(f, CUSTOMER));
	assert_string_equal(field(f, REGION), "LATAM");
	assert_string_equal(ans(f, PCT), "45");
	assert_string_equal(ans(f, SITE2), "yes");
	assert_null(ans(f, RTO));
	assert_null(ans(f, DRILL));
	assert_string_equal(vmat_draft_note(vmat_interview_draft(iv), DRILL), "twice a year?");
	assert_string_equal(ans(f, 4), "b;a");
	/* the customer first, then what is to be asked again */
	at(f, VMAT_STEP_FIELD, CUSTOMER);
	answer(f, "Banco del Sur");
	for (int i = 0; i < 7; i++) {
		answer(f, "");
	}
	at(f, VMAT_STEP_QUESTION, PCT);
	answer(f, "");
	answer(f, "");
	at(f, VMAT_STEP_QUESTION, RTO);
	unanswered(f, "2,3,5");
	revealed(f, "");
	/* saved again, the draft is of version 2 */
	const struct vmat_response *r;
	ok(f, vmat_interview_response(f->iv, true, &r, f->d));
	char *json = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&json, &len);
	vmat_response_write_json(fp, f->s, r);
	fclose(fp);
	assert_non_null(strstr(json, "\"survey_version\": 2,"));
	assert_null(strstr(json, "old"));
	free(json);
}

static void
test_resume_refused(void **state)
{
	struct fixture *f = *state;
	struct vmat_interview *iv = (struct vmat_interview *)1;
	const char *path = draft_file("{\"format\": \"vmat-response/1\", \"survey\": \"other\"}");
	assert_int_equal(vmat_interview_resume(&iv, f->s, path, f->d), VMAT_EINVAL);
	assert_null(iv);
	char *text = diags_text(f->d), want[512];
	snprintf(want, sizeof(want),
		 "%s:1:41: error: survey: the draft is for survey \"other\", not \"tiny\"\n", path);
	assert_string_equal(text, want);
	free(text);
	unlink(path);
	path = draft_file("[1]");
	assert_int_equal(vmat_interview_resume(&iv, f->s, path, f->d), VMAT_EINVAL);
	text = diags_text(f->d);
	snprintf(want, sizeof(want), "%s:1:1: error: expected a response (an object), got an array\n",
		 path);
	assert_string_equal(text, want);
	free(text);
	unlink(path);
	assert_int_equal(vmat_interview_resume(&iv, f->s, "/nonexistent/d.json", f->d), VMAT_EIO);
	vmat_diags_clear(f->d);
}

/* Issue 15, drafts an SE can find: DATE-CUSTOMER.draft.json, "undated"
 * before the date, the slug merge names responses with; a name taken gets
 * -2, -3..., and such a name is still the draft's own. */
static void
test_draft_names(void **state)
{
	(void)state;
	char name[160];
	dated_name(name, sizeof(name), "2010-05-12", "Banco del Sur");
	assert_string_equal(name, "2010-05-12-banco-del-sur");
	dated_name(name, sizeof(name), NULL, "Minera Ñandú, S.A.");
	assert_string_equal(name, "undated-minera-nandu-s-a");
	dated_name(name, sizeof(name), "2010-02-30", "../../etc");
	assert_string_equal(name, "undated-etc");
	const char *base = "2010-05-12-banco-del-sur", *ext = ".draft.json";
	assert_true(named_for("2010-05-12-banco-del-sur.draft.json", base, ext));
	assert_true(named_for("2010-05-12-banco-del-sur-2.draft.json", base, ext));
	assert_true(named_for("2010-05-12-banco-del-sur-13.draft.json", base, ext));
	assert_false(named_for("2010-05-12-banco-del-sur-.draft.json", base, ext));
	assert_false(named_for("2010-05-12-banco-del-sur-x.draft.json", base, ext));
	assert_false(named_for("2010-05-12-banco-del-sur-2.json", base, ext));
	assert_false(named_for("2010-05-12-banco.draft.json", base, ext));
	assert_false(named_for("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9.json", base, ext));
}

static bool
exists(const char *dir, const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* Sets a file's time: the order the list shows. */
static void
touch(const char *dir, const char *name, time_t when)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	struct timespec t[2] = { { .tv_sec = when }, { .tv_sec = when } };
	assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* The tmux test's drafts on disk: nothing before the first answer, a name
 * that follows the customer and date, -2 for a second interview of the same
 * customer that day, the list, the response saved and the draft gone. */
static void
test_drafts_on_disk(void **state)
{
	struct fixture *f = *state;
	char dir[] = "/tmp/vmat-drafts-XXXXXX", drafts[64], out[64];
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(drafts, sizeof(drafts), "%s/out/.drafts", dir);
	assert_null(vmat_interview_draft_path(f->iv));
	struct vmat_draft_info *list;
	size_t n;
	ok(f, vmat_interview_drafts(&list, &n, f->s, out, f->d));	/* no directory: none */
	assert_int_equal(n, 0);
	vmat_interview_drafts_free(list, n);

	answer(f, "Minera Ñandú, S.A.");
	ok(f, vmat_interview_save_draft(f->iv, out, f->d));
	assert_true(exists(drafts, "undated-minera-nandu-s-a.draft.json"));
	answer(f, "1");
	answer(f, "2010-05-12");
	ok(f, vmat_interview_save_draft(f->iv, out, f->d));
	assert_true(exists(drafts, "2010-05-12-minera-nandu-s-a.draft.json"));
	assert_false(exists(drafts, "undated-minera-nandu-s-a.draft.json"));
	char want[128];
	snprintf(want, sizeof(want), "%s/2010-05-12-minera-nandu-s-a.draft.json", drafts);
	assert_string_equal(vmat_interview_draft_path(f->iv), want);
	answer(f, "");
	for (size_t i = COUNTRY; i <= CUSTOMER_ID; i++) {
		answer(f, "");
	}
	answer(f, "45");
	ok(f, vmat_interview_save_draft(f->iv, out, f->d));
	touch(drafts, "2010-05-12-minera-nandu-s-a.draft.json", 1273680000);

	/* another customer's name, another name */
	struct vmat_interview *other;
	ok(f, vmat_interview_create(&other, f->s));
	ok(f, vmat_interview_answer(other, "Minera Ñandú", f->d));
	ok(f, vmat_interview_answer(other, "LATAM", f->d));
	ok(f, vmat_interview_answer(other, "2010-05-12", f->d));
	ok(f, vmat_interview_save_draft(other, out, f->d));
	assert_true(exists(drafts, "2010-05-12-minera-nandu.draft.json"));
	vmat_interview_destroy(other);
	/* the same customer, the same day: -2, which the next save keeps */
	ok(f, vmat_interview_create(&other, f->s));
	ok(f, vmat_interview_answer(other, "Minera Ñandú, S.A.", f->d));
	ok(f, vmat_interview_answer(other, "LATAM", f->d));
	ok(f, vmat_interview_answer(other, "2010-05-12", f->d));
	ok(f, vmat_interview_save_draft(other, out, f->d));
	ok(f, vmat_interview_save_draft(other, out, f->d));
	snprintf(want, sizeof(want), "%s/2010-05-12-minera-nandu-s-a-2.draft.json", drafts);
	assert_string_equal(vmat_interview_draft_path(other), want);
	assert_true(exists(drafts, "2010-05-12-minera-nandu-s-a.draft.json"));
	vmat_interview_destroy(other);
	touch(drafts, "2010-05-12-minera-nandu.draft.json", 1273600000);
	touch(drafts, "2010-05-12-minera-nandu-s-a-2.draft.json", 1273690000);

	/* what is not a draft of this survey is listed with why; a temporary
	 * file is not listed */
	char path[128];
	snprintf(path, sizeof(path), "%s/other.json", drafts);
	FILE *fp = fopen(path, "w");
	fputs("{\"format\": \"vmat-response/1\", \"survey\": \"big\"}", fp);
	fclose(fp);
	touch(drafts, "other.json", 1273000000);
	snprintf(path, sizeof(path), "%s/.other.json.tmp-1-0", drafts);
	fclose(fopen(path, "w"));

	ok(f, vmat_interview_drafts(&list, &n, f->s, out, f->d));
	assert_int_equal(n, 4);
	assert_string_equal(strrchr(list[0].path, '/'), "/2010-05-12-minera-nandu-s-a-2.draft.json");
	assert_string_equal(list[0].customer, "Minera Ñandú, S.A.");
	assert_int_equal(list[0].answered, 0);
	assert_int_equal(list[0].shown, 4);
	assert_string_equal(strrchr(list[1].path, '/'), "/2010-05-12-minera-nandu-s-a.draft.json");
	assert_string_equal(list[1].date, "2010-05-12");
	assert_int_equal(list[1].changed, 1273680000);
	assert_int_equal(list[1].answered, 1);
	assert_int_equal(list[1].shown, 4);
	assert_null(list[1].problem);
	assert_string_equal(list[2].customer, "Minera Ñandú");
	assert_null(list[3].customer);
	assert_string_equal(list[3].problem, "the draft is for survey \"big\", not \"tiny\"");
	vmat_interview_drafts_free(list, n);

	/* saved: the response in out, the draft gone */
	answer(f, "n");
	answer(f, "2");
	answer(f, "3");
	const char *saved;
	ok(f, vmat_interview_save(f->iv, out, &saved, f->d));
	assert_non_null(strstr(saved, "/out/2010-05-12-minera-nandu-s-a-"));
	assert_null(vmat_interview_draft_path(f->iv));
	assert_false(exists(drafts, "2010-05-12-minera-nandu-s-a.draft.json"));
	ok(f, vmat_interview_drafts(&list, &n, f->s, out, f->d));
	assert_int_equal(n, 3);
	vmat_interview_drafts_free(list, n);

	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* A draft named by an older vmat (its id) is resumed where it is, and takes
 * its date and customer's name at the first save; nothing else moves. */
static void
test_draft_renamed_on_resume(void **state)
{
	struct fixture *f = *state;
	char dir[] = "/tmp/vmat-drafts-XXXXXX", path[96];
	assert_non_null(mkdtemp(dir));
	fields(f);
	const struct vmat_response *r;
	ok(f, vmat_interview_response(f->iv, false, &r, f->d));
	snprintf(path, sizeof(path), "%s/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9.json", dir);
	FILE *fp = fopen(path, "w");
	vmat_response_write_json(fp, f->s, r);
	fclose(fp);
	struct vmat_interview *iv;
	ok(f, vmat_interview_resume(&iv, f->s, path, f->d));
	assert_string_equal(vmat_interview_draft_path(iv), path);
	vmat_interview_destroy(f->iv);
	f->iv = iv;
	answer(f, "45");
	ok(f, vmat_interview_save_draft(iv, "/nonexistent", f->d));
	assert_false(exists(dir, "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9.json"));
	assert_true(exists(dir, "2010-05-12-minera-nandu-s-a.draft.json"));
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tmux_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_reveals_follow_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_hides_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_required_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_questions_keep_and_skip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_percent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_percent_import_agrees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_applicable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_control_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choices_by_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_same_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_older_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_refused, setup, teardown),
		cmocka_unit_test(test_draft_names),
		cmocka_unit_test_setup_teardown(test_drafts_on_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draft_renamed_on_resume, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
