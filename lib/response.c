/* One response, from a JSON file (reference §2) or a bulk CSV row (reference §3),
 * checked against its survey. Both forms go through the same checks of
 * field values and answers, so they accept and reject the same things. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "private.h"

enum column_kind {
	COL_FIELD,
	COL_QUESTION,
	COL_NOTE,	/* "note:QUESTION" (doc/formats.md) */
	COL_FORMAT,
	COL_SURVEY,
	COL_SURVEY_VERSION,
	COL_OTHER,
	COL_EMPTY,	/* a trailing column without a name (Excel's ",,,"): cells empty */
};

struct column {
	enum column_kind kind;
	unsigned char digit0, ndigits;	/* one-digit answers taken as read: digit0.. */
	size_t index;		/* of the field or question */
};

struct response_builder {
	const struct vmat_survey *s;
	const struct vmat_field *fields;
	const struct vmat_question *questions;
	size_t nfields, nquestions, nstages;
	bool strict;
	bool decimal_comma;	/* reference §3: a ";"-separated file's numbers */
	struct arena arena;	/* the current response's strings */
	const char **values;	/* parallel to the fields */
	struct vmat_answer *answers;
	const char **notes;
	struct vmat_response resp;
	struct column *columns;	/* of the current bulk CSV file */
	size_t ncolumns;
	bool shared;		/* columns belong to another builder */

	/* where the current response comes from, for messages */
	const char *file;
	struct vmat_diags *diags;
	bool bad, oom;
	bool partial;		/* a draft: required fields may be missing yet */
	const struct column *cell;	/* the bulk CSV cell being read, for CELL_WHERE */
	const char *object, *member;	/* the JSON member being read, for MEMBER_WHERE */
};

/* The "where" of a problem in the bulk CSV cell being read, and in the JSON
 * member: formatted only when there is a problem, as most values are fine. */
static const char CELL_WHERE[] = "", MEMBER_WHERE[] = "";

int
response_builder_create(struct response_builder **out, const struct vmat_survey *s, bool strict)
{
	struct response_builder *b = calloc(1, sizeof(*b));
	if (!b) {
		return VMAT_ENOMEM;
	}
	b->s = s;
	b->strict = strict;
	b->fields = vmat_survey_fields(s, &b->nfields);
	b->questions = vmat_survey_questions(s, &b->nquestions);
	vmat_survey_stages(s, &b->nstages);
	b->values = calloc(b->nfields, sizeof(*b->values));
	b->answers = calloc(b->nquestions + 1, sizeof(*b->answers));
	b->notes = calloc(b->nquestions + 1, sizeof(*b->notes));
	if (!b->values || !b->answers || !b->notes) {
		response_builder_destroy(b);
		return VMAT_ENOMEM;
	}
	*out = b;
	return VMAT_OK;
}

void
response_builder_partial(struct response_builder *b, bool partial)
{
	b->partial = partial;
}

void
response_builder_destroy(struct response_builder *b)
{
	if (!b) {
		return;
	}
	arena_free(&b->arena);
	free(b->values);
	free(b->answers);
	free(b->notes);
	if (!b->shared) {
		free(b->columns);
	}
	free(b);
}

static void
problem(struct response_builder *b, enum vmat_severity sev, long line, long col,
	const char *where, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void
problem(struct response_builder *b, enum vmat_severity sev, long line, long col,
	const char *where, const char *fmt, ...)
{
	/* reference §2, §3: under --strict what is otherwise a warning is an error. */
	if (b->strict) {
		sev = VMAT_ERROR;
	}
	char column[160];
	if (where == MEMBER_WHERE) {
		cut_printf(column, sizeof(column), "%s.%s", b->object, b->member);
		where = column;
	} else if (where == CELL_WHERE) {
		const struct column *c = b->cell;
		const char *name = c->kind == COL_FIELD	   ? b->fields[c->index].id
				   : c->kind == COL_QUESTION ? b->questions[c->index].id
				   : c->kind == COL_NOTE     ? b->questions[c->index].id
				   : c->kind == COL_FORMAT   ? "format"
				   : c->kind == COL_SURVEY   ? "survey"
							     : "survey_version";
		snprintf(column, sizeof(column), "column \"%s%s\"",
			 c->kind == COL_NOTE ? "note:" : "", name);
		where = column;
	}
	va_list ap;
	va_start(ap, fmt);
	if (diag_vadd(b->diags, sev, b->file, line, col, where, fmt, ap) != VMAT_OK) {
		b->oom = true;
	}
	va_end(ap);
	b->bad |= sev == VMAT_ERROR;
}

static void
begin(struct response_builder *b, const char *file, struct vmat_diags *diags)
{
	arena_reset(&b->arena);
	memset(b->values, 0, b->nfields * sizeof(*b->values));
	memset(b->answers, 0, b->nquestions * sizeof(*b->answers));
	memset(b->notes, 0, b->nquestions * sizeof(*b->notes));
	b->file = file;
	b->diags = diags;
	b->bad = false;
	b->oom = false;
	b->resp = (struct vmat_response){ .source = file, .fields = b->values,
					  .answers = b->answers, .notes = b->notes };
}

static int
end(struct response_builder *b, const struct vmat_response **out, long line)
{
	char where[64];
	for (size_t i = 0; i < b->nfields && !b->oom && !b->partial; i++) {
		if (b->fields[i].required && !b->values[i]) {
			snprintf(where, sizeof(where), line ? "column \"%s\"" : "%s", b->fields[i].id);
			problem(b, VMAT_ERROR, line, 0, line ? where : "",
				"missing required field \"%s\"", b->fields[i].id);
		}
	}
	if (b->oom) {
		return VMAT_ENOMEM;
	}
	if (b->bad) {
		return VMAT_EINVAL;
	}
	b->resp.line = line;
	b->resp.id = b->values[0];	/* built-in field 0 is id */
	*out = &b->resp;
	return VMAT_OK;
}

/* reference §2: a control character in a value is kept, with a warning (an
 * escape code typed into a terminal, a line break pasted into a name). */
static void
warn_controls(struct response_builder *b, const char *v, size_t len, bool lines, long line,
	      long col, const char *where)
{
	if (has_controls(v, len, lines)) {
		char shown[96];
		problem(b, VMAT_WARNING, line, col, where, "%s holds a control character",
			quote_value(shown, sizeof(shown), v, len));
	}
}

/* reference §2: values are trimmed; a declared value matches case-insensitively
 * and is stored in its declared spelling. An empty value is absent. */
static void
set_field(struct response_builder *b, size_t fi, const char *v, size_t len, long line, long col,
	  const char *where)
{
	const struct vmat_field *f = &b->fields[fi];
	v = trim(v, &len);
	if (len == 0) {
		return;
	}
	char shown[96];
	if (f->values) {
		for (size_t i = 0; i < f->nvalues; i++) {
			/* strncasecmp stops at the value's end: [len] is then in it */
			if (strncasecmp(f->values[i], v, len) == 0 && f->values[i][len] == '\0') {
				b->values[fi] = f->values[i];
				return;
			}
		}
		char expected[512] = "";
		for (size_t i = 0, o = 0; i < f->nvalues && o < sizeof(expected); i++) {
			o += (size_t)snprintf(expected + o, sizeof(expected) - o, "%s%s",
					      i ? ", " : "", f->values[i]);
		}
		problem(b, VMAT_ERROR, line, col, where, "unknown %s %s (expected: %s)", f->id,
			quote_value(shown, sizeof(shown), v, len), expected);
		b->values[fi] = "";	/* given, though wrong: not "missing" too */
		return;
	}
	if (fi == 5) {	/* built-in field 5 is country: reference §2 */
		bool known;
		const char *code = country_code(v, len, &known);
		if (code) {
			b->values[fi] = code;
			return;
		}
		if (known) {
			const char *near, *name = country_nearest(v, len, &near);
			char hint[96] = "";
			if (name) {
				snprintf(hint, sizeof(hint), "; did you mean %s (%s)?", near, name);
			}
			problem(b, VMAT_WARNING, line, col, where,
				"unknown country %s: not an ISO 3166-1 code or name%s",
				quote_value(shown, sizeof(shown), v, len), hint);
		}
	}
	warn_controls(b, v, len, false, line, col, where);
	const char *copy = arena_strndup(&b->arena, v, len);
	if (!copy) {
		b->oom = true;
		return;
	}
	if (fi == 3 && !is_date(copy)) {	/* built-in field 3 is date */
		problem(b, VMAT_ERROR, line, col, where,
			"%s is not a date written YYYY-MM-DD",
			quote_value(shown, sizeof(shown), v, len));
		b->values[fi] = "";
		return;
	}
	b->values[fi] = copy;
}

/* reference §2: REASON is one of four words, optionally followed by ": text". */
static bool
valid_na_reason(const char *s)
{
	static const char *const reasons[] = { "out-of-scope", "business-priority", "constraint",
					       "other" };
	for (size_t i = 0; i < COUNT(reasons); i++) {
		size_t n = strlen(reasons[i]);
		if (strncmp(s, reasons[i], n) == 0 && (s[n] == '\0' || s[n] == ':')) {
			return true;
		}
	}
	return false;
}

static void
set_na(struct response_builder *b, struct vmat_answer *a, const char *reason, size_t len,
       long line, long col, const char *where)
{
	a->state = VMAT_NOT_APPLICABLE;
	if (!reason) {
		return;
	}
	a->text = arena_strndup(&b->arena, reason, len);
	if (!a->text) {
		b->oom = true;
	} else if (!valid_na_reason(a->text)) {
		char shown[96];
		problem(b, VMAT_ERROR, line, col, where,
			"not-applicable reason %s is not one of out-of-scope, business-priority, "
			"constraint, other (optionally followed by \": text\")",
			quote_value(shown, sizeof(shown), reason, len));
	}
}

static const char *
expected_choices(const struct vmat_question *q, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < q->nchoices && o < size; i++) {
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "", q->choices[i].id);
	}
	return buf;
}

static long
find_choice(const struct vmat_question *q, const char *v, size_t len)
{
	for (size_t i = 0; i < q->nchoices; i++) {
		if (strlen(q->choices[i].id) == len && memcmp(q->choices[i].id, v, len) == 0) {
			return (long)i;
		}
	}
	return -1;
}

/* A choice id as an answer (choice; one item of multi). */
static bool
answer_choice(struct response_builder *b, const struct vmat_question *q, const char *v,
	      size_t len, size_t *out, long line, long col, const char *where)
{
	long c = find_choice(q, v, len);
	if (c < 0) {
		char shown[96], expected[512];
		problem(b, VMAT_ERROR, line, col, where, "unknown choice %s (expected: %s)",
			quote_value(shown, sizeof(shown), v, len),
			expected_choices(q, expected, sizeof(expected)));
		return false;
	}
	*out = (size_t)c;
	return true;
}

static void
answer_number(struct response_builder *b, const struct vmat_question *q, struct vmat_answer *a,
	      double v, long line, long col, const char *where)
{
	/* the cast is cheaper than floor(), and exact below 2^53 */
	bool integer = q->type != VMAT_SCALE ||
		       v == (fabs(v) < 1e15 ? (double)(long long)v : floor(v));
	if (integer && v >= q->min && v <= q->max) {
		a->state = VMAT_ANSWERED;
		a->number = v;
		return;
	}
	char lo[32], hi[32], got[32];
	snprintf(got, sizeof(got), "%.15g", v);
	snprintf(lo, sizeof(lo), "%.15g", q->min);
	snprintf(hi, sizeof(hi), "%.15g", q->max);
	if (q->type == VMAT_SCALE) {
		problem(b, VMAT_ERROR, line, col, where,
			"expected an integer from %s to %s, got %s", lo, hi, got);
	} else if (isinf(q->min)) {
		problem(b, VMAT_ERROR, line, col, where, "expected at most %s, got %s", hi, got);
	} else if (isinf(q->max)) {
		problem(b, VMAT_ERROR, line, col, where, "expected at least %s, got %s", lo, got);
	} else {
		problem(b, VMAT_ERROR, line, col, where, "expected a number from %s to %s, got %s",
			lo, hi, got);
	}
}

/* A number but for one "," where "." belongs ("45,5", "0,45"): *d. */
static bool
decimal_comma(const char *v, size_t len, double *d)
{
	const char *comma = memchr(v, ',', len);
	char buf[64];
	if (!comma || len >= sizeof(buf) || memchr(comma + 1, ',', len - (size_t)(comma - v) - 1)) {
		return false;
	}
	memcpy(buf, v, len);
	buf[comma - v] = '.';
	return parse_number(buf, len, d);
}

/* An answer given as text: every bulk CSV cell, and JSON strings. */
static void
answer_text(struct response_builder *b, size_t qi, const char *v, size_t len, bool from_csv,
	    long line, long col, const char *where)
{
	const struct vmat_question *q = &b->questions[qi];
	struct vmat_answer *a = &b->answers[qi];
	char shown[96];
	if (from_csv && v[0] == 'n' && len >= 3 && strncmp(v, "n/a", 3) == 0 &&
	    (len == 3 || v[3] == ':')) {
		set_na(b, a, len > 4 ? v + 4 : NULL, len > 4 ? len - 4 : 0, line, col, where);
		return;
	}
	switch (q->type) {
	case VMAT_CHOICE:
		if (answer_choice(b, q, v, len, &a->choice, line, col, where)) {
			a->state = VMAT_ANSWERED;
		}
		return;
	case VMAT_MULTI: {
		/* reference §3: choice ids joined by ";" */
		size_t n = 1;
		for (size_t i = 0; i < len; i++) {
			n += v[i] == ';';
		}
		size_t *chosen = arena_calloc(&b->arena, n, sizeof(*chosen));
		if (!chosen) {
			b->oom = true;
			return;
		}
		size_t k = 0;
		/* ";" alone: answered, nothing chosen (doc/formats.md); an empty
		 * cell would read as unanswered */
		size_t n1 = len;
		bool none = *trim(v, &n1) == ';' && n1 == 1;
		for (const char *p = v, *e = v + len; p <= e && len > 0 && !none;) {
			const char *semi = memchr(p, ';', (size_t)(e - p));
			const char *stop = semi ? semi : e;
			size_t n2 = (size_t)(stop - p);
			const char *item = trim(p, &n2);
			if (answer_choice(b, q, item, n2, &chosen[k], line, col, where)) {
				k++;
			}
			p = stop + 1;
		}
		a->state = VMAT_ANSWERED;
		a->chosen = chosen;
		a->nchosen = k;
		return;
	}
	case VMAT_YESNO:
		if ((len == 3 && memcmp(v, "yes", 3) == 0) || (len == 2 && memcmp(v, "no", 2) == 0)) {
			a->state = VMAT_ANSWERED;
			a->number = len == 3;
		} else {
			problem(b, VMAT_ERROR, line, col, where, "expected \"yes\" or \"no\", got %s",
				quote_value(shown, sizeof(shown), v, len));
		}
		return;
	case VMAT_SCALE:
	case VMAT_NUMBER:
	case VMAT_PERCENT: {
		double d;
		if (from_csv && parse_number(v, len, &d)) {
			answer_number(b, q, a, d, line, col, where);
		} else if (from_csv && decimal_comma(v, len, &d) && b->decimal_comma) {
			answer_number(b, q, a, d, line, col, where);	/* "45,5" */
		} else if (from_csv && decimal_comma(v, len, &d)) {
			/* "0,45" is 0.45 or 45% (a share): neither is guessed */
			problem(b, VMAT_ERROR, line, col, where,
				"expected a number with \".\" for decimals and no thousands "
				"separator, got %s",
				quote_value(shown, sizeof(shown), v, len));
		} else if (b->decimal_comma) {
			problem(b, VMAT_ERROR, line, col, where,
				"expected a number with \",\" or \".\" for decimals and no "
				"thousands separator, got %s",
				quote_value(shown, sizeof(shown), v, len));
		} else {
			problem(b, VMAT_ERROR, line, col, where, "expected a number, got %s",
				quote_value(shown, sizeof(shown), v, len));
		}
		return;
	}
	case VMAT_TEXT:
		warn_controls(b, v, len, true, line, col, where);
		a->text = arena_strndup(&b->arena, v, len);
		a->state = VMAT_ANSWERED;
		b->oom |= !a->text;
		return;
	}
}

/* Multi answers must not name a choice twice. */
static void
check_multi(struct response_builder *b, size_t qi, long line, long col, const char *where)
{
	const struct vmat_answer *a = &b->answers[qi];
	for (size_t i = 0; i < a->nchosen; i++) {
		for (size_t k = 0; k < i; k++) {
			if (a->chosen[k] == a->chosen[i]) {
				problem(b, VMAT_ERROR, line, col, where, "choice \"%s\" given twice",
					b->questions[qi].choices[a->chosen[i]].id);
				return;
			}
		}
	}
}

static void
json_answer(struct response_builder *b, size_t qi, const struct jv *v, const char *where)
{
	const struct vmat_question *q = &b->questions[qi];
	struct vmat_answer *a = &b->answers[qi];
	char got[96];
	if (v->type == J_NULL || v->type == J_BAD) {
		return;	/* J_BAD: out of range, said by json_parse_partial() */
	}
	if (v->type == J_OBJECT) {
		const struct jv *na = jv_get(v, "na");
		if (!na || v->len != 1 || (na->type != J_STRING && na->type != J_NULL)) {
			problem(b, VMAT_ERROR, v->line, v->col, where,
				"expected an answer or {\"na\": REASON}, got an object");
			return;
		}
		set_na(b, a, na->str, na->len, na->line, na->col, where);
		return;
	}
	switch (q->type) {
	case VMAT_MULTI:
		if (v->type != J_ARRAY) {
			break;
		}
		size_t *chosen = arena_calloc(&b->arena, v->len + 1, sizeof(*chosen));
		if (!chosen) {
			b->oom = true;
			return;
		}
		size_t k = 0;
		for (size_t i = 0; i < v->len; i++) {
			const struct jv *c = &v->kids[i];
			if (c->type != J_STRING) {
				problem(b, VMAT_ERROR, c->line, c->col, where,
					"expected a choice id (a string), got %s",
					jv_describe(got, sizeof(got), c));
			} else if (answer_choice(b, q, c->str, c->len, &chosen[k], c->line, c->col,
						 where)) {
				k++;
			}
		}
		a->state = VMAT_ANSWERED;
		a->chosen = chosen;
		a->nchosen = k;
		check_multi(b, qi, v->line, v->col, where);
		return;
	case VMAT_YESNO:
		if (v->type == J_TRUE || v->type == J_FALSE) {
			a->state = VMAT_ANSWERED;	/* reference §1: true/false accepted */
			a->number = v->type == J_TRUE;
			return;
		}
		if (v->type == J_STRING) {
			answer_text(b, qi, v->str, v->len, false, v->line, v->col, where);
			return;
		}
		break;
	case VMAT_SCALE:
	case VMAT_NUMBER:
	case VMAT_PERCENT:
		if (v->type == J_NUMBER) {
			answer_number(b, q, a, v->num, v->line, v->col, where);
			return;
		}
		break;
	case VMAT_CHOICE:
	case VMAT_TEXT:
		if (v->type == J_STRING) {
			answer_text(b, qi, v->str, v->len, false, v->line, v->col, where);
			return;
		}
		break;
	}
	static const char *const wanted[] = {
		[VMAT_CHOICE] = "a choice id (a string)", [VMAT_MULTI] = "an array of choice ids",
		[VMAT_YESNO] = "\"yes\" or \"no\"",	    [VMAT_SCALE] = "an integer",
		[VMAT_NUMBER] = "a number",		    [VMAT_PERCENT] = "a number",
		[VMAT_TEXT] = "a string",
	};
	problem(b, VMAT_ERROR, v->line, v->col, where, "expected %s, got %s", wanted[q->type],
		jv_describe(got, sizeof(got), v));
}

static void
check_survey_version(struct response_builder *b, double v, long line, long col, const char *where)
{
	long want = vmat_survey_version(b->s);
	if (v != (double)want) {
		/* under --strict it is not scored at all: say so */
		problem(b, VMAT_WARNING, line, col, where,
			b->strict ? "the response was recorded with version %.15g of survey \"%s\", "
				    "not version %ld"
				  : "the response was recorded with version %.15g of survey \"%s\"; it "
				    "is scored against version %ld",
			v, vmat_survey_id(b->s), want);
	}
}

static void
json_answers(struct response_builder *b, const struct jv *answers, bool notes)
{
	const char *key = notes ? "notes" : "answers";
	char got[96];
	if (answers->type != J_OBJECT) {
		problem(b, VMAT_ERROR, answers->line, answers->col, key, "expected an object, got %s",
			jv_describe(got, sizeof(got), answers));
		return;
	}
	b->object = key;
	size_t next = 0;	/* answers usually come in question order */
	for (size_t i = 0; i < answers->len; i++) {
		const struct jv *v = &answers->kids[i];
		const char *where = MEMBER_WHERE;
		b->member = v->key;
		long qi = next < b->nquestions && strcmp(b->questions[next].id, v->key) == 0
				  ? (long)next
				  : vmat_survey_question_index(b->s, v->key);
		next = (size_t)qi + 1;
		if (qi < 0) {
			/* reference §2: kept in the file, ignored in scoring */
			problem(b, VMAT_WARNING, v->line, v->col, where,
				"survey \"%s\" has no question %s", vmat_survey_id(b->s),
				quote_value(got, sizeof(got), v->key, strlen(v->key)));
		} else if (!notes) {
			json_answer(b, (size_t)qi, v, where);
		} else if (v->type == J_STRING) {
			b->notes[qi] = v->str;
		} else if (v->type != J_NULL && v->type != J_BAD) {
			problem(b, VMAT_ERROR, v->line, v->col, where, "expected a string, got %s",
				jv_describe(got, sizeof(got), v));
		}
	}
}

int
response_from_json(struct response_builder *b, const struct vmat_response **out,
		   const char *file, const char *text, size_t len, struct vmat_diags *diags)
{
	begin(b, file, diags);
	struct jv *root;
	size_t first = diags ? vmat_diags_count(diags) : 0;
	int rc = json_parse_partial(&root, &b->arena, text, len, file, diags);
	if (rc != VMAT_OK && !(rc == VMAT_EINVAL && root)) {
		return rc;
	}
	b->bad |= rc != VMAT_OK;	/* a number out of range: the rest is checked */
	char got[96];
	if (root->type != J_OBJECT) {
		problem(b, VMAT_ERROR, root->line, root->col, "",
			"expected a response (an object), got %s", jv_describe(got, sizeof(got), root));
		return VMAT_EINVAL;
	}
	const struct jv *format = jv_get(root, "format"), *survey = jv_get(root, "survey");
	if (!format) {
		problem(b, VMAT_ERROR, root->line, root->col, "", "missing required key \"format\"");
	} else if (format->type != J_STRING || strcmp(format->str, "vmat-response/1") != 0) {
		problem(b, VMAT_ERROR, format->line, format->col, "format",
			"expected \"vmat-response/1\", got %s", jv_describe(got, sizeof(got), format));
	}
	if (!survey) {
		problem(b, VMAT_ERROR, root->line, root->col, "", "missing required key \"survey\"");
	} else if (survey->type != J_STRING || strcmp(survey->str, vmat_survey_id(b->s)) != 0) {
		problem(b, VMAT_ERROR, survey->line, survey->col, "survey",
			"the response is for survey %s, not \"%s\"",
			jv_describe(got, sizeof(got), survey), vmat_survey_id(b->s));
	}
	for (size_t i = 0; i < root->len; i++) {
		const struct jv *v = &root->kids[i];
		long fi = vmat_survey_field_index(b->s, v->key);
		if (fi >= 0) {
			if (v->type == J_STRING) {
				set_field(b, (size_t)fi, v->str, v->len, v->line, v->col, v->key);
			} else if (v->type == J_BAD) {
				b->values[fi] = "";	/* said; not "missing" too */
			} else if (v->type != J_NULL) {
				problem(b, VMAT_ERROR, v->line, v->col, v->key,
					"expected a string, got %s", jv_describe(got, sizeof(got), v));
				b->values[fi] = "";	/* given, though wrong: not "missing" too */
			}
		} else if (strcmp(v->key, "answers") == 0 || strcmp(v->key, "notes") == 0) {
			json_answers(b, v, v->key[0] == 'n');
		} else if (strcmp(v->key, "survey_version") == 0) {
			if (v->type == J_NUMBER) {
				check_survey_version(b, v->num, v->line, v->col, v->key);
			} else if (v->type != J_BAD) {
				problem(b, VMAT_ERROR, v->line, v->col, v->key,
					"expected a number, got %s", jv_describe(got, sizeof(got), v));
			}
		} else if (strcmp(v->key, "format") != 0 && strcmp(v->key, "survey") != 0) {
			problem(b, VMAT_WARNING, v->line, v->col, v->key, "unknown key %s",
				quote_value(got, sizeof(got), v->key, strlen(v->key)));
		}
	}
	if (!b->values[0]) {
		char id[37];
		derive_id(id, text, len);
		b->values[0] = arena_strdup(&b->arena, id);
		b->oom |= !b->values[0];
	}
	bool sort = b->bad && rc != VMAT_OK;	/* json.c said a number was out of range */
	rc = end(b, out, 0);
	if (sort) {
		diag_sort_from(diags, first);	/* its messages among the rest, by line */
	}
	return rc;
}

/* Most cells of a bulk CSV are a scale's one-digit answer: the digits
 * answer_text() would take as a number in range are taken as read. */
static struct column
question_column(const struct vmat_question *q, size_t qi)
{
	struct column c = { .kind = COL_QUESTION, .index = qi };
	bool numeric = q->type == VMAT_SCALE || q->type == VMAT_NUMBER || q->type == VMAT_PERCENT;
	for (unsigned d = 0; d <= 9 && numeric; d++) {
		if (d >= q->min && d <= q->max) {
			c.digit0 = c.ndigits ? c.digit0 : (unsigned char)('0' + d);
			c.ndigits++;
		}
	}
	return c;
}

int
response_csv_header(struct response_builder *b, const struct csv_record *h, const char *file,
		    struct vmat_diags *diags)
{
	begin(b, file, diags);
	if (!b->shared) {
		free(b->columns);
	}
	b->shared = false;
	b->columns = calloc(h->n + 1, sizeof(*b->columns));
	b->ncolumns = h->n;
	if (!b->columns) {
		return VMAT_ENOMEM;
	}
	char where[160], q[80];
	/* Issue 18 §5: Excel adds empty columns at the end ("a,b,,,"): they
	 * are ignored, and their cells must be empty too. */
	size_t named = h->n;
	while (named > 0 && (!h->cells[named - 1] || !h->cells[named - 1][0])) {
		b->columns[--named].kind = COL_EMPTY;
	}
	if (named < h->n && named > 0) {
		if (h->n - named == 1) {
			snprintf(where, sizeof(where), "column %zu", h->n);
		} else {
			snprintf(where, sizeof(where), "columns %zu to %zu", named + 1, h->n);
		}
		bool one = h->n - named == 1;
		problem(b, VMAT_WARNING, h->line, 0, where,
			"no column name%s at the end of the header%s", one ? "" : "s",
			b->strict ? ""
			: one	  ? "; ignored, as long as its cells are empty"
				  : "; ignored, as long as their cells are empty");
	} else {
		named = h->n;	/* a header of empty names: each one is an error */
	}
	for (size_t i = 0; i < named; i++) {
		const char *name = h->cells[i] ? h->cells[i] : "";
		struct column *c = &b->columns[i];
		long fi = vmat_survey_field_index(b->s, name);
		long qi = vmat_survey_question_index(b->s, name);
		snprintf(where, sizeof(where), "column %zu", i + 1);
		if (!name[0]) {
			problem(b, VMAT_ERROR, h->line, 0, where, "empty column name in the header");
			continue;
		}
		for (size_t k = 0; k < i; k++) {
			if (h->cells[k] && strcmp(h->cells[k], name) == 0) {
				problem(b, VMAT_ERROR, h->line, 0, where,
					"duplicate column %s (first is column %zu)",
					quote_value(q, sizeof(q), name, strlen(name)), k + 1);
			}
		}
		long ni = strncmp(name, "note:", 5) == 0 ? vmat_survey_question_index(b->s, name + 5)
							    : -1;
		if (fi >= 0) {
			*c = (struct column){ .kind = COL_FIELD, .index = (size_t)fi };
		} else if (qi >= 0) {
			*c = question_column(&b->questions[qi], (size_t)qi);
		} else if (ni >= 0) {
			*c = (struct column){ .kind = COL_NOTE, .index = (size_t)ni };
		} else if (strcmp(name, "format") == 0) {
			c->kind = COL_FORMAT;
		} else if (strcmp(name, "survey") == 0) {
			c->kind = COL_SURVEY;
		} else if (strcmp(name, "survey_version") == 0) {
			c->kind = COL_SURVEY_VERSION;
		} else {
			c->kind = COL_OTHER;
			snprintf(where, sizeof(where), "column %s",
				 quote_value(q, sizeof(q), name, strlen(name)));
			problem(b, VMAT_WARNING, h->line, 0, where,
				b->strict ? "neither a field nor a question of survey \"%s\""
					  : "neither a field nor a question of survey \"%s\"; ignored",
				vmat_survey_id(b->s));
		}
	}
	for (size_t i = 0; i < b->nfields; i++) {
		bool present = false;
		for (size_t k = 0; k < h->n && !present; k++) {
			present = b->columns[k].kind == COL_FIELD && b->columns[k].index == i;
		}
		if (b->fields[i].required && !present) {
			problem(b, VMAT_ERROR, h->line, 0, "",
				"no column \"%s\" for the required field \"%s\"", b->fields[i].id,
				b->fields[i].id);
		}
	}
	return b->oom ? VMAT_ENOMEM : b->bad ? VMAT_EINVAL : VMAT_OK;
}

void
response_builder_decimal_comma(struct response_builder *b, bool on)
{
	b->decimal_comma = on;
}

void
response_builder_share_columns(struct response_builder *b, const struct response_builder *from)
{
	b->decimal_comma = from->decimal_comma;
	if (!b->shared) {
		free(b->columns);
	}
	b->columns = from->columns;
	b->ncolumns = from->ncolumns;
	b->shared = true;
}

int
response_from_csv(struct response_builder *b, const struct vmat_response **out, const char *file,
		  const struct csv_record *rec, struct vmat_diags *diags)
{
	begin(b, file, diags);
	char shown[96];
	size_t n = rec->n < b->ncolumns ? rec->n : b->ncolumns;
	for (size_t i = 0; i < n; i++) {
		const struct column *c = &b->columns[i];
		const char *v = rec->cells[i];
		size_t len = rec->lens[i];
		if (len <= 1) {
			/* Most cells: empty (reference §3: unanswered) or one digit.
			 * Which of the two is a coin toss in real data, so no
			 * branch tells them apart: an empty cell reads as the
			 * column's first digit, and its answer goes to the spare
			 * one past the questions. */
			const char *const pick[2] = { (const char *)&c->digit0, v };
			const char *p = pick[len];
			if ((unsigned char)(*p - c->digit0) < c->ndigits) {
				size_t empty = len - 1;	/* all ones or zero: a mask */
				size_t k = (c->index & ~empty) | (b->nquestions & empty);
				b->answers[k].state = VMAT_ANSWERED;
				b->answers[k].number = *p - '0';
				continue;
			}
		}
		if (!v || len == 0 || c->kind == COL_OTHER) {
			continue;	/* reference §3: an empty cell is unanswered */
		}
		if (c->kind == COL_EMPTY) {
			char where[32];
			snprintf(where, sizeof(where), "column %zu", i + 1);
			problem(b, VMAT_ERROR, csv_cell_line(rec, i), 0, where,
				"a value in a column without a name: %s",
				quote_value(shown, sizeof(shown), v, len));
			continue;
		}
		size_t drop = v[0] == '\'' ? vmat_csv_unguard(v, len) : 0;	/* reference §6 */
		v += drop;
		len -= drop;
		long line = csv_cell_line(rec, i);
		const char *where = CELL_WHERE;
		b->cell = c;
		double d;
		switch (c->kind) {
		case COL_FIELD:
			set_field(b, c->index, v, len, line, 0, where);
			break;
		case COL_QUESTION:
			answer_text(b, c->index, v, len, true, line, 0, where);
			if (b->questions[c->index].type == VMAT_MULTI) {
				check_multi(b, c->index, line, 0, where);
			}
			break;
		case COL_NOTE:
			b->notes[c->index] = arena_strndup(&b->arena, v, len);
			b->oom |= !b->notes[c->index];
			break;
		case COL_FORMAT:
			if (strcmp(v, "vmat-response/1") != 0) {
				problem(b, VMAT_ERROR, line, 0, where,
					"expected \"vmat-response/1\", got %s",
					quote_value(shown, sizeof(shown), v, len));
			}
			break;
		case COL_SURVEY:
			if (strcmp(v, vmat_survey_id(b->s)) != 0) {
				problem(b, VMAT_ERROR, line, 0, where,
					"the response is for survey %s, not \"%s\"",
					quote_value(shown, sizeof(shown), v, len),
					vmat_survey_id(b->s));
			}
			break;
		case COL_SURVEY_VERSION:
			if (parse_number(v, len, &d)) {
				check_survey_version(b, d, line, 0, where);
			} else {
				problem(b, VMAT_ERROR, line, 0, where, "expected a number, got %s",
					quote_value(shown, sizeof(shown), v, len));
			}
			break;
		case COL_OTHER:
		case COL_EMPTY:
			break;
		}
	}
	if (!b->values[0]) {
		/* reference §3: the same row gets the same id on every run: a hash
		 * of the survey id and the row's known cells, each tagged with
		 * the field or question it belongs to. */
		size_t total = strlen(vmat_survey_id(b->s)) + 1;
		for (size_t i = 0; i < rec->n; i++) {
			total += rec->lens[i] + 64;
		}
		char *buf = arena_alloc(&b->arena, total), *p = buf;
		if (!buf) {
			return VMAT_ENOMEM;
		}
		p += sprintf(p, "%s", vmat_survey_id(b->s)) + 1;
		for (size_t i = 0; i < rec->n && i < b->ncolumns; i++) {
			if (rec->cells[i] && rec->lens[i] && b->columns[i].kind != COL_OTHER) {
				p += snprintf(p, 64, "%d:%zu", (int)b->columns[i].kind,
					      b->columns[i].index) + 1;
				memcpy(p, rec->cells[i], rec->lens[i]);
				p += rec->lens[i];
				*p++ = '\0';
			}
		}
		char id[37];
		derive_id(id, buf, (size_t)(p - buf));
		b->values[0] = arena_strdup(&b->arena, id);
		b->oom |= !b->values[0];
	}
	return end(b, out, rec->line);
}

/* Copies: everything into a, for a response kept past its reader's next
 * call (explain's pages compare a customer's interviews). */
static const char *
copy_str(struct arena *a, const char *s, bool *ok)
{
	char *c = s ? arena_strdup(a, s) : NULL;
	*ok = *ok && (c || !s);
	return c;
}

struct vmat_response *
response_copy(struct arena *a, const struct vmat_survey *s, const struct vmat_response *r)
{
	size_t nf, nq;
	vmat_survey_fields(s, &nf);
	vmat_survey_questions(s, &nq);
	struct vmat_response *c = arena_alloc(a, sizeof(*c));
	const char **fields = arena_calloc(a, nf + 1, sizeof(*fields));
	const char **notes = arena_calloc(a, nq + 1, sizeof(*notes));
	struct vmat_answer *answers = arena_calloc(a, nq + 1, sizeof(*answers));
	bool ok = c && fields && notes && answers;
	for (size_t i = 0; ok && i < nf; i++) {
		fields[i] = copy_str(a, r->fields[i], &ok);
	}
	for (size_t i = 0; ok && i < nq; i++) {
		answers[i] = r->answers[i];
		answers[i].text = copy_str(a, r->answers[i].text, &ok);
		notes[i] = copy_str(a, r->notes[i], &ok);
		size_t *chosen = arena_calloc(a, r->answers[i].nchosen + 1, sizeof(*chosen));
		ok = ok && chosen;
		for (size_t k = 0; ok && k < r->answers[i].nchosen; k++) {
			chosen[k] = r->answers[i].chosen[k];
		}
		answers[i].chosen = chosen;
	}
	if (!ok) {
		return NULL;
	}
	*c = (struct vmat_response){ .source = copy_str(a, r->source, &ok),
				     .line = r->line,
				     .id = copy_str(a, r->id, &ok),
				     .fields = fields,
				     .answers = answers,
				     .notes = notes };
	return ok ? c : NULL;
}

struct vmat_result *
result_copy(struct arena *a, const struct vmat_survey *s, const struct vmat_result *r)
{
	size_t nd, nq;
	vmat_survey_dimensions(s, &nd);
	vmat_survey_questions(s, &nq);
	struct vmat_result *c = arena_alloc(a, sizeof(*c));
	double *scores = arena_calloc(a, nd + 1, sizeof(*scores));
	double *levels = arena_calloc(a, nq + 1, sizeof(*levels));
	bool *visible = arena_calloc(a, nq + 1, sizeof(*visible));
	struct vmat_blocker *blockers = arena_calloc(a, r->nblockers + 1, sizeof(*blockers));
	if (!c || !scores || !levels || !visible || !blockers) {
		return NULL;
	}
	memcpy(scores, r->scores, nd * sizeof(*scores));
	memcpy(levels, r->levels, nq * sizeof(*levels));
	memcpy(visible, r->visible, nq * sizeof(*visible));
	memcpy(blockers, r->blockers, r->nblockers * sizeof(*blockers));
	*c = *r;
	c->scores = scores;
	c->levels = levels;
	c->visible = visible;
	c->blockers = blockers;
	c->plan = NULL;	/* for scoring, not for reading */
	return c;
}
