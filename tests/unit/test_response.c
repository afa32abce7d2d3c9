/* Reading one response against its survey (reference §2, §3): format and survey
 * checks, field values, answers of every type, not-applicable reasons,
 * warnings, notes and ids; then the same through bulk CSV rows.
 *
 * Responses are written with ' in place of " so that they stay readable, one
 * member per line where a message names a position: the column of a value is
 * then the length of what precedes it on its line, plus one. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Required fields: customer, region, date (built in) and site (declared).
 * Declared values: region, segment. */
static const char survey_text[] =
	"{'format':'vmat-survey/1','id':'t','version':2,'title':'T',"
	"'stages':[{'id':'one','name':'One','requires':{'c':1}}],"
	"'dimensions':[{'id':'c','name':'C'}],"
	"'fields':[{'id':'region','name':'R','required':true,'values':['LATAM','NA']},"
	"{'id':'segment','name':'Segment','values':['smb','enterprise']},"
	"{'id':'team','name':'Team'},{'id':'site','name':'Site','required':true}],"
	"'questions':["
	"{'id':'ch','type':'choice','text':'t','choices':[{'id':'x','label':'X'},"
	"{'id':'y','label':'Y'}]},"
	"{'id':'mu','type':'multi','text':'t','choices':[{'id':'p','label':'P'},"
	"{'id':'q','label':'Q'}]},"
	"{'id':'yn','type':'yesno','text':'t'},"
	"{'id':'sc','type':'scale','min':1,'max':5,'text':'t'},"
	"{'id':'nu','type':'number','min':0,'max':10,'text':'t'},"
	"{'id':'lo','type':'number','min':0,'text':'t'},"
	"{'id':'hi','type':'number','max':100,'text':'t'},"
	"{'id':'pc','type':'percent','text':'t'},"
	"{'id':'tx','type':'text','text':'t'}]}";

enum { CH, MU, YN, SC, NU, LO, HI, PC, TX };

/* The first two lines of most responses: every required field, valid. */
#define FRONT                                                                               \
	"{'format':'vmat-response/1','survey':'t','survey_version':2,\n"                    \
	"'customer':'C','region':'NA','date':'2010-05-12','site':'S',\n"

struct fixture {
	struct vmat_survey *s;
	char *text;		/* the last call's diagnostics */
	struct response_builder *b;	/* strict or CSV tests */
	struct vmat_diags *d;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char json[sizeof(survey_text)];
	for (size_t i = 0; i < sizeof(json); i++) {
		json[i] = survey_text[i] == '\'' ? '"' : survey_text[i];
	}
	f->s = survey_ok(json);
	assert_int_equal(vmat_diags_create(&f->d), VMAT_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	response_done();
	response_builder_destroy(f->b);
	vmat_diags_destroy(f->d);
	vmat_survey_destroy(f->s);
	free(f->text);
	free(f);
	return 0;
}

static char *
unquote(const char *in)
{
	char *out = strdup(in);
	assert_non_null(out);
	for (char *p = out; *p; p++) {
		*p = *p == '\'' ? '"' : *p;
	}
	return out;
}

/* Reads a response (' for "); NULL when invalid. f->text gets every
 * diagnostic line, valid or not. */
static const struct vmat_response *
read_resp(struct fixture *f, const char *text)
{
	char *json = unquote(text);
	free(f->text);
	f->text = NULL;
	const struct vmat_response *r = response_json(f->s, json, &f->text);
	free(json);
	return r;
}

/* The response must be valid, without a single warning. */
static const struct vmat_response *
read_ok(struct fixture *f, const char *text)
{
	const struct vmat_response *r = read_resp(f, text);
	assert_string_equal(f->text, "");
	assert_non_null(r);
	return r;
}

/* The response must be invalid, with exactly these diagnostics. */
static void
expect_invalid(struct fixture *f, const char *text, const char *want)
{
	const struct vmat_response *r = read_resp(f, text);
	assert_string_equal(f->text, want);
	assert_null(r);
}

/* The response must be valid, with exactly these warnings. */
static void
expect_warnings(struct fixture *f, const char *text, const char *want)
{
	const struct vmat_response *r = read_resp(f, text);
	assert_string_equal(f->text, want);
	assert_non_null(r);
}

/* The same as read() with a builder of our own, in strict mode (--strict). */
static const struct vmat_response *
read_strict(struct fixture *f, const char *text, int *rc)
{
	const struct vmat_response *r = NULL;
	char *json = unquote(text);
	response_builder_destroy(f->b);
	f->b = NULL;
	assert_int_equal(response_builder_create(&f->b, f->s, true), VMAT_OK);
	*rc = response_from_json(f->b, &r, "r.json", json, strlen(json), f->d);
	free(json);
	free(f->text);
	f->text = diags_text(f->d);
	return *rc == VMAT_OK ? r : NULL;
}

static size_t
field(const struct fixture *f, const char *id)
{
	long i = vmat_survey_field_index(f->s, id);
	assert_true(i >= 0);
	return (size_t)i;
}

/* ## The response as a whole */

static void
test_valid_response(void **state)
{
	struct fixture *f = *state;
	const struct vmat_response *r = read_ok(f, FRONT "'answers':{}}");
	assert_string_equal(r->source, "r.json");
	assert_string_equal(r->fields[field(f, "customer")], "C");
	assert_string_equal(r->fields[field(f, "region")], "NA");
	assert_string_equal(r->fields[field(f, "date")], "2010-05-12");
	assert_string_equal(r->fields[field(f, "site")], "S");
	assert_null(r->fields[field(f, "team")]);	/* absent */
	assert_null(r->fields[field(f, "segment")]);
	for (size_t i = CH; i <= TX; i++) {
		assert_int_equal(r->answers[i].state, VMAT_UNANSWERED);
		assert_null(r->notes[i]);
	}
	/* null is unanswered too; answers may be left out altogether */
	r = read_ok(f, FRONT "'answers':{'ch':null,'tx':null}}");
	assert_int_equal(r->answers[CH].state, VMAT_UNANSWERED);
	assert_int_equal(r->answers[TX].state, VMAT_UNANSWERED);
	read_ok(f, "{'format':'vmat-response/1','survey':'t',"
		   "'customer':'C','region':'NA','date':'2010-05-12','site':'S'}");
}

static void
test_format_and_survey(void **state)
{
	struct fixture *f = *state;
	expect_invalid(f,
		       "{'survey':'t',\n"
		       "'customer':'C','region':'NA','date':'2010-05-12','site':'S'}",
		       "r.json:1:1: error: missing required key \"format\"\n");
	expect_invalid(f,
		       "{'format':'vmat-response/2',\n'survey':'t',\n"
		       "'customer':'C','region':'NA','date':'2010-05-12','site':'S'}",
		       "r.json:1:11: error: format: expected \"vmat-response/1\", got "
		       "\"vmat-response/2\"\n");
	expect_invalid(f,
		       "{'format':1,\n'survey':'t',\n"
		       "'customer':'C','region':'NA','date':'2010-05-12','site':'S'}",
		       "r.json:1:11: error: format: expected \"vmat-response/1\", got 1\n");
	expect_invalid(f,
		       "{'format':'vmat-response/1',\n"
		       "'customer':'C','region':'NA','date':'2010-05-12','site':'S'}",
		       "r.json:1:1: error: missing required key \"survey\"\n");
	expect_invalid(f,
		       "{'format':'vmat-response/1',\n'survey':'journey',\n"
		       "'customer':'C','region':'NA','date':'2010-05-12','site':'S'}",
		       "r.json:2:10: error: survey: the response is for survey \"journey\", not "
		       "\"t\"\n");
	expect_invalid(f, "['vmat-response/1']",
		       "r.json:1:1: error: expected a response (an object), got an array\n");
}

static void
test_survey_version(void **state)
{
	struct fixture *f = *state;
	const char *v1 = "{'format':'vmat-response/1','survey':'t',\n"
			 "'survey_version':1,\n"
			 "'customer':'C','region':'NA','date':'2010-05-12','site':'S'}";
	/* a warning naming both versions; the response is still read */
	expect_warnings(f, v1,
			"r.json:2:18: warning: survey_version: the response was recorded with "
			"version 1 of survey \"t\"; it is scored against version 2\n");
	/* the same version, or none: nothing to say */
	read_ok(f, FRONT "'answers':{}}");
	expect_invalid(f,
		       "{'format':'vmat-response/1','survey':'t',\n"
		       "'survey_version':'2',\n"
		       "'customer':'C','region':'NA','date':'2010-05-12','site':'S'}",
		       "r.json:2:18: error: survey_version: expected a number, got \"2\"\n");

	/* under --strict, an error */
	int rc;
	assert_null(read_strict(f, v1, &rc));
	assert_int_equal(rc, VMAT_EINVAL);
	assert_string_equal(f->text, "r.json:2:18: error: survey_version: the response was "
				     "recorded with version 1 of survey \"t\", not version 2\n");
	assert_non_null(read_strict(f, FRONT "'answers':{'ch':'x'}}", &rc));
	assert_int_equal(rc, VMAT_OK);
	assert_string_equal(f->text, "");
}

/* ## Fields */

static void
test_required_fields(void **state)
{
	struct fixture *f = *state;
	/* every one of them is reported, in field order */
	expect_invalid(f, "{'format':'vmat-response/1','survey':'t','answers':{}}",
		       "r.json: error: missing required field \"customer\"\n"
		       "r.json: error: missing required field \"region\"\n"
		       "r.json: error: missing required field \"date\"\n"
		       "r.json: error: missing required field \"site\"\n");
	/* empty, blank (trimmed to empty) or null: missing */
	expect_invalid(f,
		       "{'format':'vmat-response/1','survey':'t',\n"
		       "'customer':'',\n'region':' \\t ',\n'date':null,\n'site':'S'}",
		       "r.json: error: missing required field \"customer\"\n"
		       "r.json: error: missing required field \"region\"\n"
		       "r.json: error: missing required field \"date\"\n");
	/* optional fields may be left out or empty */
	const struct vmat_response *r = read_ok(f, FRONT "'team':'','segment':null}");
	assert_null(r->fields[field(f, "team")]);
}

/* A value of the wrong JSON type is one error, not also a "missing" one. */
static void
test_field_of_the_wrong_type(void **state)
{
	struct fixture *f = *state;
	expect_invalid(f, FRONT "'team':['a']}",
		       "r.json:3:8: error: team: expected a string, got an array\n");
	expect_invalid(f,
		       "{'format':'vmat-response/1','survey':'t',\n"
		       "'customer':5,\n"
		       "'region':'NA','date':'2010-05-12','site':'S'}",
		       "r.json:2:12: error: customer: expected a string, got 5\n");
}

static void
test_field_values(void **state)
{
	struct fixture *f = *state;
	const struct vmat_response *r =
		read_ok(f, "{'format':'vmat-response/1','survey':'t',\n"
			   "'customer':'  Acme Corp\\t','region':' latam ',\n"
			   "'date':' 2010-05-12 ',"
			   "'site':'S','team':' Blue ','segment':'SMB','interviewer':'Ana'}");
	/* trimmed, inner spaces kept */
	assert_string_equal(r->fields[field(f, "customer")], "Acme Corp");
	assert_string_equal(r->fields[field(f, "team")], "Blue");
	assert_string_equal(r->fields[field(f, "date")], "2010-05-12");
	assert_string_equal(r->fields[field(f, "interviewer")], "Ana");
	/* a declared value matches case-insensitively, stored as declared */
	assert_string_equal(r->fields[field(f, "region")], "LATAM");
	assert_string_equal(r->fields[field(f, "segment")], "smb");
	r = read_ok(f, "{'format':'vmat-response/1','survey':'t',\n"
		       "'customer':'C','region':'nA','date':'2010-05-12','site':'S'}");
	assert_string_equal(r->fields[field(f, "region")], "NA");

	/* any other value is an error listing the declared ones (and is not
	 * also "missing") */
	expect_invalid(f,
		       "{'format':'vmat-response/1','survey':'t',\n"
		       "'region':'Mars',\n"
		       "'customer':'C','date':'2010-05-12','site':'S'}",
		       "r.json:2:10: error: region: unknown region \"Mars\" (expected: LATAM, "
		       "NA)\n");
	expect_invalid(f, FRONT "'segment':'huge'}",
		       "r.json:3:11: error: segment: unknown segment \"huge\" (expected: smb, "
		       "enterprise)\n");
	/* no prefix matching */
	expect_invalid(f, FRONT "'segment':'sm'}",
		       "r.json:3:11: error: segment: unknown segment \"sm\" (expected: smb, "
		       "enterprise)\n");
}

static void
test_dates(void **state)
{
	struct fixture *f = *state;
	static const char *const good[] = { "2012-02-29", "2000-02-29", "2010-12-31",
					    "2010-01-01" };
	static const char *const bad[] = { "2011-02-29", "1900-02-29", "2010-04-31",
					   "2010-13-01", "2010-00-10", "2010-01-00",
					   "2010-5-12",	 "12/05/2010", "2010-05-12T10:00",
					   "20100512",	 "2010-05-1x" };
	char json[256], want[256];
	for (size_t i = 0; i < COUNT(good); i++) {
		snprintf(json, sizeof(json),
			 "{'format':'vmat-response/1','survey':'t',"
			 "'customer':'C','region':'NA','site':'S',\n'date':'%s'}",
			 good[i]);
		const struct vmat_response *r = read_ok(f, json);
		assert_string_equal(r->fields[field(f, "date")], good[i]);
	}
	for (size_t i = 0; i < COUNT(bad); i++) {
		snprintf(json, sizeof(json),
			 "{'format':'vmat-response/1','survey':'t',"
			 "'customer':'C','region':'NA','site':'S',\n'date':'%s'}",
			 bad[i]);
		snprintf(want, sizeof(want),
			 "r.json:2:8: error: date: \"%s\" is not a date written YYYY-MM-DD\n",
			 bad[i]);
		expect_invalid(f, json, want);
	}
}

/* ## Answers */

static void
test_answers_of_every_type(void **state)
{
	struct fixture *f = *state;
	const struct vmat_response *r =
		read_ok(f, FRONT "'answers':{'ch':'y','mu':['q','p'],'yn':'yes','sc':5,"
				 "'nu':2.5,'lo':1e3,'hi':-7,'pc':12.5,'tx':'words'}}");
	assert_int_equal(r->answers[CH].state, VMAT_ANSWERED);
	assert_int_equal(r->answers[CH].choice, 1);
	assert_int_equal(r->answers[MU].nchosen, 2);	/* in answer order */
	assert_int_equal(r->answers[MU].chosen[0], 1);
	assert_int_equal(r->answers[MU].chosen[1], 0);
	assert_near(r->answers[YN].number, 1);
	assert_near(r->answers[SC].number, 5);
	assert_near(r->answers[NU].number, 2.5);
	assert_near(r->answers[LO].number, 1000);
	assert_near(r->answers[HI].number, -7);
	assert_near(r->answers[PC].number, 12.5);
	assert_string_equal(r->answers[TX].text, "words");
	for (size_t i = CH; i <= TX; i++) {
		assert_int_equal(r->answers[i].state, VMAT_ANSWERED);
	}
	/* yesno: "no", and JSON true and false */
	assert_near(read_ok(f, FRONT "'answers':{'yn':'no'}}")->answers[YN].number, 0);
	assert_near(read_ok(f, FRONT "'answers':{'yn':true}}")->answers[YN].number, 1);
	r = read_ok(f, FRONT "'answers':{'yn':false}}");
	assert_int_equal(r->answers[YN].state, VMAT_ANSWERED);
	assert_near(r->answers[YN].number, 0);
	/* an empty multi answer is an answer */
	r = read_ok(f, FRONT "'answers':{'mu':[]}}");
	assert_int_equal(r->answers[MU].state, VMAT_ANSWERED);
	assert_int_equal(r->answers[MU].nchosen, 0);
	/* bounds are inclusive */
	r = read_ok(f, FRONT "'answers':{'sc':1,'nu':0,'lo':0,'hi':100,'pc':0}}");
	assert_near(r->answers[SC].number, 1);
	r = read_ok(f, FRONT "'answers':{'nu':10,'pc':100,'tx':''}}");
	assert_near(r->answers[PC].number, 100);
}

static void
test_answers_of_the_wrong_type(void **state)
{
	struct fixture *f = *state;
	expect_invalid(f,
		       FRONT "'answers':{\n"
			     "'ch':1,\n"
			     "'mu':'p',\n"
			     "'yn':1,\n"
			     "'sc':'3',\n"
			     "'nu':true,\n"
			     "'lo':[1],\n"
			     "'hi':'7',\n"
			     "'pc':'50%',\n"
			     "'tx':5}}",
		       "r.json:4:6: error: answers.ch: expected a choice id (a string), got 1\n"
		       "r.json:5:6: error: answers.mu: expected an array of choice ids, got "
		       "\"p\"\n"
		       "r.json:6:6: error: answers.yn: expected \"yes\" or \"no\", got 1\n"
		       "r.json:7:6: error: answers.sc: expected an integer, got \"3\"\n"
		       "r.json:8:6: error: answers.nu: expected a number, got true\n"
		       "r.json:9:6: error: answers.lo: expected a number, got an array\n"
		       "r.json:10:6: error: answers.hi: expected a number, got \"7\"\n"
		       "r.json:11:6: error: answers.pc: expected a number, got \"50%\"\n"
		       "r.json:12:6: error: answers.tx: expected a string, got 5\n");
	expect_invalid(f,
		       FRONT "'answers':{\n"
			     "'mu':['p',2],\n"
			     "'ch':['x'],\n"
			     "'tx':{'text':'a'}}}",
		       "r.json:4:11: error: answers.mu: expected a choice id (a string), got 2\n"
		       "r.json:5:6: error: answers.ch: expected a choice id (a string), got an "
		       "array\n"
		       "r.json:6:6: error: answers.tx: expected an answer or {\"na\": REASON}, "
		       "got an object\n");
	expect_invalid(f, FRONT "'answers':['ch']}",
		       "r.json:3:11: error: answers: expected an object, got an array\n");
}

static void
test_answers_that_do_not_fit(void **state)
{
	struct fixture *f = *state;
	expect_invalid(f,
		       FRONT "'answers':{\n"
			     "'ch':'z',\n"
			     "'mu':['p','zz'],\n"
			     "'yn':'maybe',\n"
			     "'sc':0,\n"
			     "'nu':10.5,\n"
			     "'lo':-0.5,\n"
			     "'hi':101,\n"
			     "'pc':-1}}",
		       "r.json:4:6: error: answers.ch: unknown choice \"z\" (expected: x, y)\n"
		       "r.json:5:11: error: answers.mu: unknown choice \"zz\" (expected: p, q)\n"
		       "r.json:6:6: error: answers.yn: expected \"yes\" or \"no\", got \"maybe\"\n"
		       "r.json:7:6: error: answers.sc: expected an integer from 1 to 5, got 0\n"
		       "r.json:8:6: error: answers.nu: expected a number from 0 to 10, got 10.5\n"
		       "r.json:9:6: error: answers.lo: expected at least 0, got -0.5\n"
		       "r.json:10:6: error: answers.hi: expected at most 100, got 101\n"
		       "r.json:11:6: error: answers.pc: expected a number from 0 to 100, got "
		       "-1\n");
	expect_invalid(f,
		       FRONT "'answers':{\n"
			     "'ch':'X',\n"
			     "'sc':2.5,\n"
			     "'sc2':1,\n"
			     "'pc':100.5,\n"
			     "'mu':['q','p','q']}}",
		       "r.json:4:6: error: answers.ch: unknown choice \"X\" (expected: x, y)\n"
		       "r.json:5:6: error: answers.sc: expected an integer from 1 to 5, got 2.5\n"
		       "r.json:6:7: warning: answers.sc2: survey \"t\" has no question \"sc2\"\n"
		       "r.json:7:6: error: answers.pc: expected a number from 0 to 100, got "
		       "100.5\n"
		       "r.json:8:6: error: answers.mu: choice \"q\" given twice\n");
	expect_invalid(f, FRONT "'answers':{'sc':6}}",
		       "r.json:3:17: error: answers.sc: expected an integer from 1 to 5, got 6\n");
}

static void
test_not_applicable(void **state)
{
	struct fixture *f = *state;
	static const char *const ok[] = { "out-of-scope", "business-priority", "constraint",
					  "other", "constraint: no budget until 2012",
					  "other: the customer runs mainframes only" };
	char json[1024];
	for (size_t i = 0; i < COUNT(ok); i++) {
		snprintf(json, sizeof(json),
			 FRONT "'answers':{'ch':{'na':'%s'},'mu':{'na':'%s'},'sc':{'na':'%s'},"
			       "'tx':{'na':'%s'}}}",
			 ok[i], ok[i], ok[i], ok[i]);
		const struct vmat_response *r = read_ok(f, json);
		static const size_t qs[] = { CH, MU, SC, TX };
		for (size_t k = 0; k < COUNT(qs); k++) {
			assert_int_equal(r->answers[qs[k]].state, VMAT_NOT_APPLICABLE);
			assert_string_equal(r->answers[qs[k]].text, ok[i]);	/* kept */
		}
	}
	static const char *const bad[] = { "lazy", "Out-of-scope", "out of scope", "",
					   "otherwise", "constraint - money" };
	char want[512];
	for (size_t i = 0; i < COUNT(bad); i++) {
		snprintf(json, sizeof(json), FRONT "'answers':{\n'ch':{'na':'%s'}}}", bad[i]);
		snprintf(want, sizeof(want),
			 "r.json:4:12: error: answers.ch: not-applicable reason \"%s\" is not one "
			 "of out-of-scope, business-priority, constraint, other (optionally "
			 "followed by \": text\")\n",
			 bad[i]);
		expect_invalid(f, json, want);
	}
	expect_invalid(f, FRONT "'answers':{\n'ch':{'na':5}}}",
		       "r.json:4:6: error: answers.ch: expected an answer or {\"na\": REASON}, "
		       "got an object\n");
	expect_invalid(f, FRONT "'answers':{\n'ch':{'na':'other','why':'x'}}}",
		       "r.json:4:6: error: answers.ch: expected an answer or {\"na\": REASON}, "
		       "got an object\n");
}

/* ## Warnings, notes, ids */

static void
test_unknown_questions_and_keys(void **state)
{
	struct fixture *f = *state;
	/* warnings: the response is valid, the answers it has are read */
	const char *text = FRONT "'colour':'blue',\n"
				 "'answers':{'zz':1,\n'ch':'x'},\n"
				 "'notes':{'zz':'n'}}";
	expect_warnings(f, text,
			"r.json:3:10: warning: colour: unknown key \"colour\"\n"
			"r.json:4:17: warning: answers.zz: survey \"t\" has no question \"zz\"\n"
			"r.json:6:15: warning: notes.zz: survey \"t\" has no question \"zz\"\n");
	const struct vmat_response *r = read_resp(f, text);
	assert_int_equal(r->answers[CH].state, VMAT_ANSWERED);
	/* errors under --strict */
	int rc;
	assert_null(read_strict(f, text, &rc));
	assert_int_equal(rc, VMAT_EINVAL);
	assert_string_equal(f->text,
			    "r.json:3:10: error: colour: unknown key \"colour\"\n"
			    "r.json:4:17: error: answers.zz: survey \"t\" has no question \"zz\"\n"
			    "r.json:6:15: error: notes.zz: survey \"t\" has no question \"zz\"\n");
}

static void
test_notes(void **state)
{
	struct fixture *f = *state;
	const struct vmat_response *r =
		read_ok(f, FRONT "'answers':{'ch':'x'},\n"
				 "'notes':{'ch':'Reviewing DR after the earthquake.','sc':'later',"
				 "'tx':null}}");
	assert_string_equal(r->notes[CH], "Reviewing DR after the earthquake.");
	assert_string_equal(r->notes[SC], "later");	/* a note without an answer */
	assert_null(r->notes[TX]);
	assert_null(r->notes[MU]);
	expect_invalid(f, FRONT "'notes':{\n'ch':5}}",
		       "r.json:4:6: error: notes.ch: expected a string, got 5\n");
	expect_invalid(f, FRONT "'notes':\n'ch'}",
		       "r.json:4:1: error: notes: expected an object, got \"ch\"\n");
}

static void
test_ids(void **state)
{
	struct fixture *f = *state;
	char first[40];
	const struct vmat_response *r = read_ok(f, FRONT "'answers':{'ch':'x'}}");
	/* a UUID-shaped id derived from the content */
	assert_int_equal(strlen(r->id), 36);
	assert_true(r->id[8] == '-' && r->id[13] == '-' && r->id[18] == '-' &&
		    r->id[23] == '-');
	snprintf(first, sizeof(first), "%s", r->id);
	/* the same text: the same id, on every run */
	r = read_ok(f, FRONT "'answers':{'ch':'x'}}");
	assert_string_equal(r->id, first);
	assert_string_equal(r->fields[field(f, "id")], first);
	/* another answer, another id */
	r = read_ok(f, FRONT "'answers':{'ch':'y'}}");
	assert_string_not_equal(r->id, first);
	/* another customer, another id */
	r = read_ok(f, "{'format':'vmat-response/1','survey':'t','survey_version':2,\n"
		       "'customer':'D','region':'NA','date':'2010-05-12','site':'S',\n"
		       "'answers':{'ch':'x'}}");
	assert_string_not_equal(r->id, first);
	/* a given id is kept as given (trimmed) */
	r = read_ok(f, FRONT "'id':' 6f1c2a9e-8d4b-4c1e-9a53-0b7d2e4f1a22 '}");
	assert_string_equal(r->id, "6f1c2a9e-8d4b-4c1e-9a53-0b7d2e4f1a22");
}

/* Every problem of a response is reported, not only the first. */
static void
test_every_problem_reported(void **state)
{
	struct fixture *f = *state;
	expect_invalid(f,
		       "{'format':'vmat-response/0','survey':'t','survey_version':1,\n"
		       "'region':'Mars',\n"
		       "'date':'2010-02-30',\n"
		       "'site':'S',\n"
		       "'bogus':true,\n"
		       "'answers':{\n"
		       "'ch':'z',\n"
		       "'sc':9,\n"
		       "'yn':{'na':'nope'},\n"
		       "'nope':1}}",
		       "r.json:1:11: error: format: expected \"vmat-response/1\", got "
		       "\"vmat-response/0\"\n"
		       "r.json:1:59: warning: survey_version: the response was recorded with "
		       "version 1 of survey \"t\"; it is scored against version 2\n"
		       "r.json:2:10: error: region: unknown region \"Mars\" (expected: LATAM, "
		       "NA)\n"
		       "r.json:3:8: error: date: \"2010-02-30\" is not a date written "
		       "YYYY-MM-DD\n"
		       "r.json:5:9: warning: bogus: unknown key \"bogus\"\n"
		       "r.json:7:6: error: answers.ch: unknown choice \"z\" (expected: x, y)\n"
		       "r.json:8:6: error: answers.sc: expected an integer from 1 to 5, got 9\n"
		       "r.json:9:12: error: answers.yn: not-applicable reason \"nope\" is not one "
		       "of out-of-scope, business-priority, constraint, other (optionally "
		       "followed by \": text\")\n"
		       "r.json:10:8: warning: answers.nope: survey \"t\" has no question "
		       "\"nope\"\n"
		       "r.json: error: missing required field \"customer\"\n");
}

/* ## Bulk CSV rows (reference §3) */

#define MAX_CELLS 24

/* A record built by hand, as csv_reader_next() would give it: NULL for an
 * empty unquoted cell; every cell on the record's line unless lines says
 * otherwise. */
struct row {
	const char *cells[MAX_CELLS];
	size_t lens[MAX_CELLS];
	long lines[MAX_CELLS];
	struct csv_record rec;
};

static const struct csv_record *
make_row(struct row *r, long line, const char *const *cells, size_t n)
{
	assert_true(n <= MAX_CELLS);
	for (size_t i = 0; i < n; i++) {
		r->cells[i] = cells[i];
		r->lens[i] = cells[i] ? strlen(cells[i]) : 0;
		r->lines[i] = line;
	}
	r->rec = (struct csv_record){ .n = n, .cells = r->cells, .lens = r->lens,
				      .lines = r->lines, .line = line };
	return &r->rec;
}

#define CELLS(...) (const char *const[]){ __VA_ARGS__ }, COUNT(((const char *[]){ __VA_ARGS__ }))

/* Reads a header with a new builder; returns its status, f->text its diagnostics. */
static int
csv_header(struct fixture *f, bool strict, const char *const *cells, size_t n)
{
	struct row h;
	response_builder_destroy(f->b);
	f->b = NULL;
	assert_int_equal(response_builder_create(&f->b, f->s, strict), VMAT_OK);
	int rc = response_csv_header(f->b, make_row(&h, 1, cells, n), "r.csv", f->d);
	free(f->text);
	f->text = diags_text(f->d);
	return rc;
}

static const struct vmat_response *
csv_rec(struct fixture *f, const struct csv_record *rec)
{
	const struct vmat_response *r = NULL;
	int rc = response_from_csv(f->b, &r, "r.csv", rec, f->d);
	free(f->text);
	f->text = diags_text(f->d);
	assert_true(rc == VMAT_OK || rc == VMAT_EINVAL);
	return rc == VMAT_OK ? r : NULL;
}

/* Reads a row at line under the current header. */
static const struct vmat_response *
csv_row(struct fixture *f, long line, const char *const *cells, size_t n)
{
	struct row r;
	return csv_rec(f, make_row(&r, line, cells, n));
}

static const struct vmat_response *
csv_row_ok(struct fixture *f, long line, const char *const *cells, size_t n)
{
	const struct vmat_response *r = csv_row(f, line, cells, n);
	assert_string_equal(f->text, "");
	assert_non_null(r);
	return r;
}

/* Questions first, fields after, in an order of their own. */
static int
usual_header(struct fixture *f)
{
	return csv_header(f, false,
			  CELLS("tx", "ch", "mu", "yn", "sc", "nu", "pc", "customer", "region",
				"date", "site", "team"));
}

static void
test_csv_columns(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(usual_header(f), VMAT_OK);
	assert_string_equal(f->text, "");
	const struct vmat_response *r =
		csv_row_ok(f, 2,
			   CELLS("words", "y", "q;p", "no", "3", "2.5", "12.5", "Acme", " latam ",
				 "2010-05-12", "S1", " Blue "));
	assert_string_equal(r->source, "r.csv");
	assert_int_equal(r->line, 2);
	assert_string_equal(r->fields[field(f, "customer")], "Acme");
	assert_string_equal(r->fields[field(f, "region")], "LATAM");
	assert_string_equal(r->fields[field(f, "date")], "2010-05-12");
	assert_string_equal(r->fields[field(f, "site")], "S1");
	assert_string_equal(r->fields[field(f, "team")], "Blue");
	assert_string_equal(r->answers[TX].text, "words");
	assert_int_equal(r->answers[CH].choice, 1);
	assert_int_equal(r->answers[MU].nchosen, 2);
	assert_int_equal(r->answers[MU].chosen[0], 1);
	assert_int_equal(r->answers[MU].chosen[1], 0);
	assert_int_equal(r->answers[YN].state, VMAT_ANSWERED);
	assert_near(r->answers[YN].number, 0);
	assert_near(r->answers[SC].number, 3);
	assert_near(r->answers[NU].number, 2.5);	/* "." is the decimal point */
	assert_near(r->answers[PC].number, 12.5);
	assert_int_equal(r->answers[LO].state, VMAT_UNANSWERED);	/* no column */

	/* empty cells, unquoted (NULL) or quoted (""), are unanswered */
	r = csv_row_ok(f, 3,
		       CELLS(NULL, "", NULL, "", "1e0", NULL, "", "Acme", "NA", "2010-05-12",
			     "S", NULL));
	for (size_t i = CH; i <= TX; i++) {
		assert_int_equal(r->answers[i].state, i == SC ? VMAT_ANSWERED : VMAT_UNANSWERED);
	}
	assert_near(r->answers[SC].number, 1);
	assert_null(r->fields[field(f, "team")]);
}

static void
test_csv_optional_columns(void **state)
{
	struct fixture *f = *state;
	/* format, survey and survey_version may be given, and are checked */
	assert_int_equal(csv_header(f, false,
				    CELLS("format", "survey", "survey_version", "customer",
					  "region", "date", "site")),
			 VMAT_OK);
	assert_string_equal(f->text, "");
	csv_row_ok(f, 2, CELLS("vmat-response/1", "t", "2", "C", "NA", "2010-05-12", "S"));
	assert_non_null(csv_row(f, 3, CELLS("vmat-response/1", "t", "1", "C", "NA",
					    "2010-05-12", "S")));
	assert_string_equal(f->text,
			    "r.csv:3: warning: column \"survey_version\": the response was "
			    "recorded with version 1 of survey \"t\"; it is scored against "
			    "version 2\n");
	assert_null(csv_row(f, 4, CELLS("vmat-response/2", "journey", "two", "C", "NA",
					"2010-05-12", "S")));
	assert_string_equal(f->text,
			    "r.csv:4: error: column \"format\": expected \"vmat-response/1\", got "
			    "\"vmat-response/2\"\n"
			    "r.csv:4: error: column \"survey\": the response is for survey "
			    "\"journey\", not \"t\"\n"
			    "r.csv:4: error: column \"survey_version\": expected a number, got "
			    "\"two\"\n");
}

static void
test_csv_not_applicable(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(usual_header(f), VMAT_OK);
	const struct vmat_response *r =
		csv_row_ok(f, 2,
			   CELLS("n/a", "n/a:business-priority", "n/a:constraint: no budget", NULL,
				 "n/a:other", "n/a:out-of-scope", NULL, "C", "NA", "2010-05-12",
				 "S", NULL));
	assert_int_equal(r->answers[TX].state, VMAT_NOT_APPLICABLE);
	assert_null(r->answers[TX].text);	/* no reason given */
	assert_int_equal(r->answers[CH].state, VMAT_NOT_APPLICABLE);
	assert_string_equal(r->answers[CH].text, "business-priority");
	assert_int_equal(r->answers[MU].state, VMAT_NOT_APPLICABLE);
	assert_string_equal(r->answers[MU].text, "constraint: no budget");
	assert_string_equal(r->answers[SC].text, "other");
	assert_string_equal(r->answers[NU].text, "out-of-scope");

	assert_null(csv_row(f, 3,
			    CELLS(NULL, "n/a:lazy", NULL, NULL, NULL, NULL, NULL, "C", "NA",
				  "2010-05-12", "S", NULL)));
	assert_string_equal(f->text,
			    "r.csv:3: error: column \"ch\": not-applicable reason \"lazy\" is not "
			    "one of out-of-scope, business-priority, constraint, other "
			    "(optionally followed by \": text\")\n");
}

static void
test_csv_answers_that_do_not_fit(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(usual_header(f), VMAT_OK);
	assert_null(csv_row(f, 5,
			    CELLS("ok", "z", "p;p", "true", "2.5", "2,5", "101", "C", "NA",
				  "2010-05-12", "S", NULL)));
	assert_string_equal(f->text,
			    "r.csv:5: error: column \"ch\": unknown choice \"z\" (expected: x, "
			    "y)\n"
			    "r.csv:5: error: column \"mu\": choice \"p\" given twice\n"
			    "r.csv:5: error: column \"yn\": expected \"yes\" or \"no\", got "
			    "\"true\"\n"
			    "r.csv:5: error: column \"sc\": expected an integer from 1 to 5, got "
			    "2.5\n"
			    "r.csv:5: error: column \"nu\": expected a number with \".\" for "
			    "decimals and no thousands separator, got \"2,5\"\n"
			    "r.csv:5: error: column \"pc\": expected a number from 0 to 100, got "
			    "101\n");
	assert_null(csv_row(f, 6,
			    CELLS(NULL, NULL, "p;r", NULL, NULL, NULL, NULL, NULL, "Mars",
				  "2010-02-30", "S", NULL)));
	assert_string_equal(f->text,
			    "r.csv:6: error: column \"mu\": unknown choice \"r\" (expected: p, "
			    "q)\n"
			    "r.csv:6: error: column \"region\": unknown region \"Mars\" "
			    "(expected: LATAM, NA)\n"
			    "r.csv:6: error: column \"date\": \"2010-02-30\" is not a date "
			    "written YYYY-MM-DD\n"
			    "r.csv:6: error: column \"customer\": missing required field "
			    "\"customer\"\n");

	/* a cell's own line: the text cell of the record at line 7 spans
	 * lines 7-8, so the cells after it are on line 8 */
	struct row row;
	const struct csv_record *rec =
		make_row(&row, 7,
			 CELLS("two\nlines", "x", NULL, NULL, "7", NULL, NULL, "C", "NA",
			       "2010-05-12", "S", NULL));
	for (size_t i = 1; i < rec->n; i++) {
		row.lines[i] = 8;
	}
	assert_null(csv_rec(f, rec));
	assert_string_equal(f->text,
			    "r.csv:8: error: column \"sc\": expected an integer from 1 to 5, got "
			    "7\n");
}

/* reference §6: readers drop the one ' that the formula guard added. */
static void
test_csv_formula_guard(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(usual_header(f), VMAT_OK);
	static const struct {
		const char *cell, *text;
	} cases[] = {
		{ "'=x", "=x" }, { "'+1", "+1" }, { "'-2", "-2" },     { "'@a", "@a" },
		{ "''x", "'x" }, { "'abc", "'abc" }, { "'", "'" }, { "=x", "=x" },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		const struct vmat_response *r =
			csv_row_ok(f, 2,
				   CELLS(cases[i].cell, NULL, NULL, NULL, NULL, NULL, NULL, "C",
					 "NA", "2010-05-12", "S", NULL));
		assert_string_equal(r->answers[TX].text, cases[i].text);
	}
	/* fields too */
	const struct vmat_response *r =
		csv_row_ok(f, 2,
			   CELLS(NULL, NULL, NULL, NULL, NULL, NULL, NULL, "'-Acme", "NA",
				 "2010-05-12", "S", "'=team"));
	assert_string_equal(r->fields[field(f, "customer")], "-Acme");
	assert_string_equal(r->fields[field(f, "team")], "=team");
}

static void
test_csv_header_problems(void **state)
{
	struct fixture *f = *state;
	/* a required field without a column */
	assert_int_equal(csv_header(f, false, CELLS("customer", "region", "ch")), VMAT_EINVAL);
	assert_string_equal(f->text,
			    "r.csv:1: error: no column \"date\" for the required field \"date\"\n"
			    "r.csv:1: error: no column \"site\" for the required field "
			    "\"site\"\n");
	/* duplicate and empty names */
	assert_int_equal(csv_header(f, false,
				    CELLS("customer", NULL, "region", "date", "site", "ch", "",
					  "ch")),
			 VMAT_EINVAL);
	assert_string_equal(f->text,
			    "r.csv:1: error: column 2: empty column name in the header\n"
			    "r.csv:1: error: column 7: empty column name in the header\n"
			    "r.csv:1: error: column 8: duplicate column \"ch\" (first is column "
			    "6)\n");
	assert_int_equal(csv_header(f, false,
				    CELLS("customer", "region", "date", "site", "customer")),
			 VMAT_EINVAL);
	assert_string_equal(f->text, "r.csv:1: error: column 5: duplicate column \"customer\" "
				     "(first is column 1)\n");
}

static void
test_csv_unknown_column(void **state)
{
	struct fixture *f = *state;
	const char *const *cells = (const char *const[]){ "customer", "colour", "region",
							  "date", "site", "ch" };
	/* a warning; the column is ignored */
	assert_int_equal(csv_header(f, false, cells, 6), VMAT_OK);
	assert_string_equal(f->text, "r.csv:1: warning: column \"colour\": neither a field nor "
				     "a question of survey \"t\"; ignored\n");
	const struct vmat_response *r =
		csv_row_ok(f, 2, CELLS("C", "not checked", "NA", "2010-05-12", "S", "x"));
	assert_int_equal(r->answers[CH].choice, 0);
	/* an error under --strict */
	assert_int_equal(csv_header(f, true, cells, 6), VMAT_EINVAL);
	assert_string_equal(f->text, "r.csv:1: error: column \"colour\": neither a field nor "
				     "a question of survey \"t\"\n");
}

static void
test_csv_derived_id(void **state)
{
	struct fixture *f = *state;
	char first[40];
	assert_int_equal(usual_header(f), VMAT_OK);
	const struct vmat_response *r =
		csv_row_ok(f, 2,
			   CELLS("w", "x", NULL, NULL, NULL, NULL, NULL, "C", "NA", "2010-05-12",
				 "S", NULL));
	assert_int_equal(strlen(r->id), 36);
	snprintf(first, sizeof(first), "%s", r->id);
	/* the same row again, on another line (a rerun, a merged file): same id */
	r = csv_row_ok(f, 9,
		       CELLS("w", "x", NULL, NULL, NULL, NULL, NULL, "C", "NA", "2010-05-12", "S",
			     NULL));
	assert_string_equal(r->id, first);
	/* one cell different: another id */
	r = csv_row_ok(f, 2,
		       CELLS("w", "y", NULL, NULL, NULL, NULL, NULL, "C", "NA", "2010-05-12", "S",
			     NULL));
	assert_string_not_equal(r->id, first);
	r = csv_row_ok(f, 2,
		       CELLS("w", "x", NULL, NULL, NULL, NULL, NULL, "C", "NA", "2010-05-13", "S",
			     NULL));
	assert_string_not_equal(r->id, first);
	/* the same value moved to the next column (nu 5 against pc 5): another id */
	r = csv_row_ok(f, 2,
		       CELLS("w", "x", NULL, NULL, NULL, "5", NULL, "C", "NA", "2010-05-12", "S",
			     NULL));
	snprintf(first, sizeof(first), "%s", r->id);
	r = csv_row_ok(f, 2,
		       CELLS("w", "x", NULL, NULL, NULL, NULL, "5", "C", "NA", "2010-05-12", "S",
			     NULL));
	assert_string_not_equal(r->id, first);

	/* an id column: taken as given */
	assert_int_equal(csv_header(f, false, CELLS("id", "customer", "region", "date", "site")),
			 VMAT_OK);
	r = csv_row_ok(f, 2, CELLS("r-1", "C", "NA", "2010-05-12", "S"));
	assert_string_equal(r->id, "r-1");
	r = csv_row_ok(f, 3, CELLS(NULL, "C", "NA", "2010-05-12", "S"));
	assert_int_equal(strlen(r->id), 36);
}

#define TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_valid_response),
		TEST(test_format_and_survey),
		TEST(test_survey_version),
		TEST(test_required_fields),
		TEST(test_field_of_the_wrong_type),
		TEST(test_field_values),
		TEST(test_dates),
		TEST(test_answers_of_every_type),
		TEST(test_answers_of_the_wrong_type),
		TEST(test_answers_that_do_not_fit),
		TEST(test_not_applicable),
		TEST(test_unknown_questions_and_keys),
		TEST(test_notes),
		TEST(test_ids),
		TEST(test_every_problem_reported),
		TEST(test_csv_columns),
		TEST(test_csv_optional_columns),
		TEST(test_csv_not_applicable),
		TEST(test_csv_answers_that_do_not_fit),
		TEST(test_csv_formula_guard),
		TEST(test_csv_header_problems),
		TEST(test_csv_unknown_column),
		TEST(test_csv_derived_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
